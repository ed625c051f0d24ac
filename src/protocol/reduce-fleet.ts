import { compareTs, tsToSeconds } from '../slackmq/slack-ts.js';
import { decodeThread, type ProtocolRecord } from './records.js';
import type { AGENT_STATES } from './record-schemas.js';

export type FleetHostState = (typeof AGENT_STATES)[number] | 'lost';

export interface AgentView {
  host: string;
  agentId: string;
  version: string;
  sha?: string;
  /** What the agent said, except `lost` when its heartbeat is older than the lost threshold. */
  state: FleetHostState;
  /** What the agent last said about itself. */
  reportedState: (typeof AGENT_STATES)[number];
  connection: 'socket' | 'poll';
  /** The agent's roster reply: edit it (`chat.update`) to beat. */
  messageTs: string;
  startedAt: number;
  /** Slack time of the last heartbeat: the reply's `edited.ts` (or ts), never later than now. */
  heartbeatAt: number;
  ageS: number;
  intervalS: number;
  /** No heartbeat for `staleBeats` intervals: shown as stale, and fails the peer guard. */
  stale: boolean;
  /** Slack time after which it counts as stale, and after which as lost, without a new heartbeat. */
  staleAt: number;
  lostAt: number;
  rollout?: string;
}

export interface FleetState {
  /** Per host (one agent each: the one heard from last), sorted by host name. */
  hosts: AgentView[];
  /** Hosts with more than one fresh agent: two agents configured with one host name. */
  duplicates: string[];
  now: number;
}

export interface FleetOptions {
  /** Missed heartbeats before a host is stale (default 3). */
  staleBeats?: number;
  /** Missed heartbeats before a host is lost (default 10). */
  lostBeats?: number;
  /** Only records by this author (`bot_id`) count. */
  trustedAuthor?: string;
}

type AgentRecord = ProtocolRecord & { kind: 'agent' };

function view(record: AgentRecord, now: number, options: Required<Omit<FleetOptions, 'trustedAuthor'>>): AgentView {
  const p = record.payload;
  const edited = record.editedTs ? tsToSeconds(record.editedTs) : 0;
  // The agent's own stamp counts only up to now: a host clock running ahead must not look fresh.
  const heartbeatAt = Math.max(tsToSeconds(record.ts), edited, Math.min(p.heartbeat, now));
  const ageS = Math.max(0, now - heartbeatAt);
  const stale = ageS > options.staleBeats * p.interval_s;
  const lost = ageS > options.lostBeats * p.interval_s && p.state !== 'stopping';
  return {
    host: p.host, agentId: p.agent_id, version: p.version, sha: p.sha, state: lost ? 'lost' : p.state, reportedState: p.state,
    connection: p.connection, messageTs: record.ts, startedAt: p.started, heartbeatAt, ageS, intervalS: p.interval_s, stale, rollout: p.rollout,
    staleAt: heartbeatAt + options.staleBeats * p.interval_s, lostAt: heartbeatAt + options.lostBeats * p.interval_s,
  };
}

function newer(a: AgentView, b: AgentView): AgentView {
  if (a.heartbeatAt !== b.heartbeatAt) return a.heartbeatAt > b.heartbeatAt ? a : b;
  return compareTs(a.messageTs, b.messageTs) >= 0 ? a : b;
}

/**
 * The fleet from the roster thread (`conversations.replies` of the roster message with
 * `include_all_metadata`), judged at Slack time `now` (seconds). Pure; order and duplicates of
 * the messages do not matter.
 */
export function reduceFleet(rosterMessages: readonly unknown[], now: number, options: FleetOptions = {}): FleetState {
  const settings = { staleBeats: options.staleBeats ?? 3, lostBeats: options.lostBeats ?? 10 };
  const agents = decodeThread(rosterMessages).filter(
    (r): r is AgentRecord => r.kind === 'agent' && (options.trustedAuthor === undefined || r.author === options.trustedAuthor),
  );
  const byHost = new Map<string, AgentView>();
  const freshAgents = new Map<string, Set<string>>();
  for (const record of agents) {
    const agent = view(record, now, settings);
    const seen = byHost.get(agent.host);
    byHost.set(agent.host, seen ? newer(seen, agent) : agent);
    if (!agent.stale && agent.reportedState !== 'stopping') {
      freshAgents.set(agent.host, (freshAgents.get(agent.host) ?? new Set()).add(agent.agentId));
    }
  }
  const hosts = [...byHost.values()].sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
  const duplicates = [...freshAgents].filter(([, ids]) => ids.size > 1).map(([host]) => host).sort();
  return { hosts, duplicates, now };
}

/** Up and fresh: what the peer guard asks of every other host in a plan. */
export function isFreshAndHealthy(agent: AgentView | undefined): boolean {
  return agent !== undefined && !agent.stale && (agent.state === 'idle' || agent.state === 'healthy');
}

/**
 * The roster message among top-level channel messages: the earliest `troupe_roster` (two agents
 * that started at once may both post one; everyone settles on the first).
 */
export function findRoster(channelMessages: readonly unknown[], trustedAuthor?: string): string | undefined {
  const rosters = decodeThread(channelMessages).filter((r) => r.kind === 'roster' && (trustedAuthor === undefined || r.author === trustedAuthor));
  return rosters[0]?.ts;
}
