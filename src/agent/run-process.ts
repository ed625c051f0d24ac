import { execa } from 'execa';

export interface ProcessResult {
  exitCode: number | undefined;
  /** Set when the process ended by a signal or could not start. */
  failure?: string;
  timedOut: boolean;
  /** The signal that ended it, if one did. */
  signal?: string;
  durationMs: number;
  /** stdout and stderr interleaved as they came. */
  output: string;
}

/** Spawns processes; a port so that tests and the deploy executor can share one way to run argv. */
export type ProcessRunner = (
  argv: readonly string[],
  options: { timeoutMs: number; cwd?: string; signal?: AbortSignal },
) => Promise<ProcessResult>;

/** The agent's environment without its Slack tokens: a command's output can never carry them. */
function childEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^SLACK_.*TOKEN$/.test(key)) env[key] = value;
  }
  return env;
}

/**
 * Runs an argv with no shell: metacharacters in arguments are plain bytes. The child gets no stdin,
 * is killed (TERM, then KILL after 2 s) when it outlives its timeout, and never makes this throw.
 */
export const runProcess: ProcessRunner = async (argv, { timeoutMs, cwd, signal }) => {
  const [file, ...args] = argv;
  const started = performance.now();
  const result = await execa(file ?? '', args, {
    all: true,
    reject: false,
    shell: false,
    stdin: 'ignore',
    timeout: timeoutMs,
    forceKillAfterDelay: 2000,
    maxBuffer: 8 * 1024 * 1024,
    stripFinalNewline: false,
    cwd,
    env: childEnv(),
    extendEnv: false,
    ...(signal ? { cancelSignal: signal } : {}),
  });
  const durationMs = Math.round(performance.now() - started);
  const output = typeof result.all === 'string' ? result.all : '';
  let failure: string | undefined;
  if (result.failed && result.exitCode === undefined) {
    if (result.timedOut) failure = `timed out after ${timeoutMs / 1000} s`;
    else if (result.isCanceled) failure = 'stopped: the agent is shutting down';
    else failure = result.signal ? `killed by ${result.signal}` : result.shortMessage;
  }
  return { exitCode: result.exitCode, failure, timedOut: result.timedOut, signal: result.signal, durationMs, output };
};
