/** Process exit codes. Only `src/cli.ts` (and the supervisor contract) use them. */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  /** The agent exits with this code to ask its supervisor to start the (new) code again. */
  restart: 75,
} as const;

export type ExitCodeName = keyof typeof ExitCode;
