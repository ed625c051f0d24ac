import { isProblem, type ParseResult, type ParsedCommand } from '../protocol/command.js';
import type { Authorization } from './authorize.js';

export type DeployCommand = Extract<ParsedCommand, { kind: 'deploy' | 'unlock' }>;
export type RunCommand = Extract<ParsedCommand, { kind: 'run' }>;

/** What this host does about one command message. Replies marked `once` are answered by one agent only. */
export type Decision =
  | { kind: 'ignore'; reason: string }
  | { kind: 'answer-once'; answer: 'refusal' | 'help' | 'status' | 'hosts' | 'problem' | 'no-deploy' | 'unknown-host'; reason?: string }
  | { kind: 'run'; command: RunCommand; mode: 'any' | 'all' | 'host' }
  | { kind: 'deploy'; command: DeployCommand };

export interface DecideInput {
  parsed: ParseResult;
  authorization: Authorization;
  /** Whether the message addresses the bot by a leading mention. */
  mentionsBot: boolean;
  host: string;
  /** Hosts of the fleet (from the roster), lower-case. */
  fleetHosts: readonly string[];
  deploymentsConfigured: boolean;
}

/**
 * The agent's decision about a message, from data only. Cases:
 * - chatter (not a troupe command) is ignored unless it addresses the bot, which gets help;
 * - anyone not authorized is refused once, with why, whatever they typed (nothing runs);
 * - a command written wrongly is answered once with what to type instead;
 * - `run … on HOST` concerns only HOST (one agent says so when no such host is in the fleet);
 * - deploy commands go to the deploy handler, or are answered once when deployments are off.
 */
export function decide(input: DecideInput): Decision {
  const { parsed } = input;
  if (parsed.kind === 'unknown' && !input.mentionsBot) return { kind: 'ignore', reason: 'not a troupe command' };
  if (!input.authorization.allowed) return { kind: 'answer-once', answer: 'refusal', reason: input.authorization.reason };
  if (isProblem(parsed)) {
    return parsed.kind === 'unknown'
      ? { kind: 'answer-once', answer: 'help' }
      : { kind: 'answer-once', answer: 'problem', reason: parsed.message };
  }
  switch (parsed.kind) {
    case 'help':
    case 'status':
    case 'hosts':
      return { kind: 'answer-once', answer: parsed.kind };
    case 'run':
      return decideRun(parsed, input);
    case 'deploy':
    case 'unlock':
      if (!input.deploymentsConfigured) return { kind: 'answer-once', answer: 'no-deploy' };
      return { kind: 'deploy', command: parsed };
  }
}

function decideRun(command: RunCommand, input: DecideInput): Decision {
  const { target } = command;
  if (target.kind === 'any') return { kind: 'run', command, mode: 'any' };
  if (target.kind === 'all') return { kind: 'run', command, mode: 'all' };
  if (target.host === input.host.toLowerCase()) return { kind: 'run', command, mode: 'host' };
  if (!input.fleetHosts.includes(target.host)) return { kind: 'answer-once', answer: 'unknown-host', reason: target.host };
  return { kind: 'ignore', reason: `for ${target.host}` };
}
