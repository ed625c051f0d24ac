import { encodeProtocolRecord } from '../protocol/index.js';
import { checkCommandArgs } from './command-args.js';
import type { AgentConfig } from './config.js';
import type { RunCommand } from './decide.js';
import { formatCommandResult } from './format-output.js';
import type { ProcessResult, ProcessRunner } from './run-process.js';
import { MARKERS, type Thread } from './thread.js';

export interface RemoteCommandDeps {
  config: AgentConfig;
  runProcess: ProcessRunner;
  signal: AbortSignal;
}

export type RemoteOutcome = { ok: true; result: ProcessResult } | { ok: false; result?: ProcessResult; refused?: string };

/** The text of a `run` as people read it (no target). */
export function runLine(command: RunCommand): string {
  return [command.name, ...command.args].join(' ');
}

/**
 * Runs one named command on this host (DESIGN §7) and says so in the thread: ⏳ while it runs,
 * then the exit code, duration and the tail of the output, then ✅ or ❌. An unknown name or bad
 * arguments are refused in the thread and nothing runs.
 */
export async function runRemoteCommand(command: RunCommand, thread: Thread, deps: RemoteCommandDeps): Promise<RemoteOutcome> {
  const { config } = deps;
  const definition = config.commands[command.name];
  const refused = definition
    ? checkCommandArgs(command.name, definition, command.args)
    : `no command named \`${command.name}\` is configured on ${config.host}; \`help\` lists the ones you may run`;
  if (refused || !definition) {
    await thread.reply(`*${config.host}* did not run \`${runLine(command)}\`: ${refused ?? 'not configured'}.`);
    await thread.mark(MARKERS.failed);
    return { ok: false, refused };
  }
  await thread.mark(MARKERS.running);
  const result = await deps.runProcess([...definition.argv, ...command.args], {
    timeoutMs: definition.timeout * 1000,
    signal: deps.signal,
  });
  const ok = result.exitCode === 0 && !result.failure;
  const { text, truncated } = formatCommandResult(config.host, runLine(command), result);
  const { metadata } = encodeProtocolRecord('output', {
    host: config.host,
    name: command.name,
    exit_code: result.exitCode === undefined ? null : Math.min(255, Math.max(-1, result.exitCode)),
    ...(result.signal ? { signal: result.signal } : {}),
    duration_ms: result.durationMs,
    truncated,
    bytes: Buffer.byteLength(result.output),
  });
  await thread.reply(text, metadata);
  await thread.mark(ok ? MARKERS.done : MARKERS.failed);
  await thread.unmark(MARKERS.running);
  return { ok, result };
}
