import type { CommandKind } from './command.js';

/** What the caller may do: the command kinds, and for `run` the configured commands they may run. */
export interface HelpScope {
  kinds: readonly CommandKind[];
  /** Configured commands, with an optional usage of their arguments (`PATTERN…`) and a summary. */
  run?: readonly { name: string; args?: string; summary?: string }[];
}

const LINES: Record<Exclude<CommandKind, 'run'>, readonly string[]> = {
  deploy: [
    '`deploy canary [REF]`: update one host, soak it, then wait for `deploy promote`',
    '`deploy rolling [REF] [batch N] [max-failures N] [hosts a,b]`: update the hosts one batch at a time',
    '`deploy plan [REF]`: show what a deploy would do (sha, commits per host, order); changes nothing',
    '`deploy promote` · `deploy abort` · `deploy pause` · `deploy resume` · `deploy retry` · `deploy rollback`: steer the current rollout',
  ],
  status: ['`status`: the current rollout and the fleet'],
  hosts: ['`hosts`: the fleet table (state, version, heartbeat)'],
  unlock: ['`unlock TS REASON`: break a stuck lock on the message TS (the holder is told)'],
  help: ['`help`: this list'],
};

const ORDER: readonly CommandKind[] = ['deploy', 'run', 'status', 'hosts', 'unlock', 'help'];

function runLines(scope: HelpScope): string[] {
  const commands = scope.run ?? [];
  if (commands.length === 0) return ['`run NAME [ARGS…] [on any|all|HOST]`: no commands are configured for you'];
  const lines = ['`run NAME [ARGS…] [on any|all|HOST]`: run a configured command (default `on any`):'];
  for (const c of commands) {
    const usage = c.args ? `${c.name} ${c.args}` : c.name;
    lines.push(`    • \`run ${usage}\`${c.summary ? `: ${c.summary}` : ''}`);
  }
  return lines;
}

/**
 * The help reply for a caller: only the commands they may use (a refusal is better than a
 * list of things that will be refused). An empty scope says so and names who can help.
 */
export function helpText(allowed: HelpScope): string {
  const kinds = ORDER.filter((k) => allowed.kinds.includes(k));
  if (kinds.length === 0) return 'You may not command troupe in this channel; ask an operator to add you to its configuration.';
  const lines = ['What you can type here (REF is a branch, tag or sha; words are case-insensitive):'];
  for (const kind of kinds) {
    for (const line of kind === 'run' ? runLines(allowed) : LINES[kind]) lines.push(line.startsWith('    ') ? line : `• ${line}`);
  }
  return lines.join('\n');
}
