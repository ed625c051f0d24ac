import { helpText, type CommandKind } from '../protocol/index.js';
import { escapeSlackText } from '../protocol/command.js';
import type { AgentConfig } from './config.js';
import type { Decision } from './decide.js';
import { fleetTable } from './fleet-table.js';
import type { FleetView } from './fleet-view.js';

export interface AnswerContext {
  config: AgentConfig;
  fleet: FleetView;
  user: string | undefined;
  /** Whether the caller is an operator (decides what `help` lists). */
  operator: boolean;
}

function help(context: AnswerContext): string {
  if (!context.operator) return helpText({ kinds: [] });
  const kinds: CommandKind[] = ['run', 'status', 'hosts', 'help'];
  if (context.config.app) kinds.push('deploy', 'unlock');
  const run = Object.entries(context.config.commands).map(([name, c]) => ({
    name,
    args: c.args.length > 0 ? c.args.map((a) => (a.optional ? `[${a.name}]` : a.name)).join(' ') : undefined,
    summary: c.description,
  }));
  return helpText({ kinds, run });
}

export const NO_DEPLOY =
  'Deployments are not configured on this fleet: nothing was changed. To turn them on, add an `app` section ' +
  '(dir, branch, build, restart, health, soak) to each agent configuration and restart the agents; ' +
  'see "Running the agent" in the README.';

/** The text of a reply that one agent gives for the whole fleet. */
export function answerText(decision: Extract<Decision, { kind: 'answer-once' }>, context: AnswerContext): string {
  const who = context.user ? `<@${context.user}>` : 'an unknown author';
  switch (decision.answer) {
    case 'refusal':
      return `⛔ Refused ${who} (${context.user ?? 'no user id'}): ${decision.reason ?? 'not allowed'}. Nothing was run.`;
    case 'help':
      return help(context);
    case 'problem':
      return `${decision.reason ?? 'That is not a troupe command.'} Nothing was run.`;
    case 'no-deploy':
      return NO_DEPLOY;
    case 'unknown-host':
      return `No agent named \`${escapeSlackText(decision.reason ?? '?')}\` is in the fleet roster; \`hosts\` lists them. Nothing was run.`;
    case 'status':
      return `*Fleet status*\n${fleetTable(context.fleet)}\n${context.config.app ? 'No rollout is reported by this agent.' : 'Deployments are not configured on this fleet.'}`;
    case 'hosts':
      return fleetTable(context.fleet);
  }
}
