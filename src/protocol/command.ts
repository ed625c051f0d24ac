/** The commands of the channel (DESIGN §3), as values, and their canonical text. */

export type DeployControl = 'promote' | 'abort' | 'pause' | 'resume' | 'retry' | 'rollback';
export const DEPLOY_CONTROLS: readonly DeployControl[] = ['promote', 'abort', 'pause', 'resume', 'retry', 'rollback'];

/** Where `run` runs: one host that claims it (`any`, the default), every host, or one named host. */
export type RunTarget = { kind: 'any' } | { kind: 'all' } | { kind: 'host'; host: string };

export type ParsedCommand =
  /** `ref` is absent when the person gave none: the configured branch is meant. */
  | { kind: 'deploy'; action: 'canary'; ref?: string }
  | {
      kind: 'deploy';
      action: 'rolling';
      ref?: string;
      batch?: number;
      maxFailures?: number;
      /** Restricts the rollout to these hosts (lower-case, no duplicates). */
      hosts?: string[];
    }
  | { kind: 'deploy'; action: 'plan'; ref?: string }
  | { kind: 'deploy'; action: DeployControl }
  | { kind: 'run'; name: string; args: string[]; target: RunTarget }
  | { kind: 'status' }
  | { kind: 'hosts' }
  | { kind: 'unlock'; ts: string; reason: string }
  | { kind: 'help' };

export type CommandKind = ParsedCommand['kind'];

/** Not a troupe command at all (`unknown`), or a troupe command written wrongly (`error`). */
export interface CommandProblem {
  kind: 'unknown' | 'error';
  /** What is wrong and what to type instead, for a reply in the thread. */
  message: string;
}

export type ParseResult = ParsedCommand | CommandProblem;

export function problem(kind: CommandProblem['kind'], message: string): CommandProblem {
  return { kind, message };
}

export function isProblem(result: ParseResult): result is CommandProblem {
  return result.kind === 'unknown' || result.kind === 'error';
}

function renderTarget(target: RunTarget): string {
  return target.kind === 'host' ? target.host : target.kind;
}

function renderDeploy(command: Extract<ParsedCommand, { kind: 'deploy' }>): string {
  const words = ['deploy', command.action];
  if ('ref' in command && command.ref !== undefined) words.push(command.ref);
  if (command.action === 'rolling') {
    if (command.batch !== undefined) words.push('batch', String(command.batch));
    if (command.maxFailures !== undefined) words.push('max-failures', String(command.maxFailures));
    if (command.hosts !== undefined) words.push('hosts', command.hosts.join(','));
  }
  return words.join(' ');
}

/** Escapes text for Slack's `text` field: `&`, `<` and `>` (Slack reads `<…>` as a link or mention). */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The canonical text of a command: `parseCommand(renderCommand(c))` gives `c` back. */
export function renderCommand(command: ParsedCommand): string {
  switch (command.kind) {
    case 'deploy':
      return renderDeploy(command);
    case 'run':
      return ['run', command.name, ...command.args, 'on', renderTarget(command.target)].join(' ');
    case 'unlock':
      return `unlock ${command.ts} ${command.reason}`;
    default:
      return command.kind;
  }
}
