import type { CommandModule } from 'yargs';
import { UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { defaultBackoff } from '../supervisor/backoff.js';
import { Supervisor, type SupervisorOptions } from '../supervisor/supervisor.js';

interface SuperviseArgs {
  'restart-code': number;
  journal?: string;
  'backoff-ms': number;
  'max-backoff-ms': number;
  'guard-interval-ms': number;
  child?: (string | number)[];
  /** yargs leaves everything after `--` here, after the command name. */
  _?: (string | number)[];
}

/** Builds the supervisor's options from the command line; throws UsageError on bad input. */
export function superviseOptions(args: SuperviseArgs): SupervisorOptions {
  const argv = [...(args.child ?? []), ...(args._ ?? []).slice(1)].map(String);
  if (argv.length === 0) {
    throw new UsageError('Name the program to supervise after --, e.g. `troupe supervise --journal state/journal.json -- troupe agent`.');
  }
  if (!Number.isInteger(args['restart-code']) || args['restart-code'] < 1 || args['restart-code'] > 255) {
    throw new UsageError(`--restart-code must be an exit code from 1 to 255 (the agent uses ${ExitCode.restart}).`);
  }
  return {
    argv,
    restartCode: args['restart-code'],
    journalPath: args.journal ?? null,
    backoff: { initialMs: args['backoff-ms'], maxMs: args['max-backoff-ms'], resetAfterMs: defaultBackoff.resetAfterMs },
    guardIntervalMs: args['guard-interval-ms'],
    guardGraceMs: 5000,
  };
}

/** Runs the supervisor until its child exits 0 or a SIGTERM/SIGINT; returns the exit code. */
export async function runSupervise(args: SuperviseArgs): Promise<number> {
  const supervisor = new Supervisor(superviseOptions(args));
  const stop = (signal: NodeJS.Signals) => supervisor.stop(signal);
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  try {
    return await supervisor.run();
  } finally {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
  }
}

export const superviseCommand: CommandModule<object, SuperviseArgs> = {
  command: 'supervise [child..]',
  builder: (yargs) =>
    yargs
      .usage('$0 supervise [--restart-code 75] [--journal FILE] -- <program> [args...]')
      .positional('child', { type: 'string', array: true, describe: 'the program and its arguments, after --' })
      .option('restart-code', { type: 'number', default: ExitCode.restart, describe: 'exit code that asks for an immediate restart' })
      .option('journal', { type: 'string', describe: "the executor's journal: revert a self-update whose new code cannot start (I4)" })
      .option('backoff-ms', { type: 'number', default: defaultBackoff.initialMs, describe: 'first delay after a crash (doubles per crash)' })
      .option('max-backoff-ms', { type: 'number', default: defaultBackoff.maxMs, describe: 'longest delay after a crash' })
      .option('guard-interval-ms', { type: 'number', default: 500, describe: 'how often the guard reads the journal' }),
  handler: async (args) => {
    process.exitCode = await runSupervise(args);
  },
};
