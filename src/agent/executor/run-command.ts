
export interface CommandOptions {
  readonly cwd: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  /** Called with the pid (also the process group id) as soon as the command started. */
  readonly onSpawn?: (pid: number) => void | Promise<void>;
}

export interface CommandResult {
  readonly ok: boolean;
  readonly exitCode: number | null;
  readonly timedOut: boolean;
  /** stdout and stderr interleaved. */
  readonly output: string;
  /** A short account of how it ended, for messages: "exit code 2", "timed out after 5s". */
  readonly summary: string;
}

/** The port through which the executor runs programs. */
export type CommandRunner = (argv: readonly string[], options: CommandOptions) => Promise<CommandResult>;

/**
 * Runs argv without a shell, in its own process group, so that a timeout (or a resumed executor
 * cleaning up after a crashed one) stops the command and everything it started, except what it
 * deliberately detached (a restarted service).
 */
export const runCommand: CommandRunner = async (argv, options) => {
  const [file, ...args] = argv;
  if (!file) throw new TypeError('runCommand needs a program to run');
  // Loaded on the first command: an agent that deploys nothing yet does not hold execa.
  const { execa } = await import('execa');
  const child = execa(file, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    all: true,
    reject: false,
    detached: true,
    stdin: 'ignore',
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child.pid, 'SIGKILL');
  }, options.timeoutMs);
  try {
    if (child.pid !== undefined) await options.onSpawn?.(child.pid);
    const result = await child;
    const exitCode = typeof result.exitCode === 'number' ? result.exitCode : null;
    const ok = !timedOut && exitCode === 0;
    return { ok, exitCode, timedOut, output: String(result.all ?? ''), summary: summarize(timedOut, options.timeoutMs, result) };
  } finally {
    clearTimeout(timer);
  }
};

function summarize(timedOut: boolean, timeoutMs: number, result: { exitCode?: number; signal?: string; failed: boolean; cause?: unknown }): string {
  if (timedOut) return `timed out after ${timeoutMs / 1000}s`;
  if (typeof result.exitCode === 'number') return `exit code ${result.exitCode}`;
  if (result.signal) return `killed by ${result.signal}`;
  return result.cause instanceof Error ? result.cause.message : 'could not be started';
}

/** Kills a process group (best effort: it may be gone already). */
export function killGroup(pid: number | undefined | null, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is gone already, which is what we wanted.
  }
}
