import { decodeProtocolRecord, encodeProtocolRecord, type EncodedRecord, type ProtocolPayload } from '../protocol/index.js';
import type { ChannelMessage } from './channel-message.js';
import type { FleetHost, FleetView } from './fleet-view.js';

export type AgentState = ProtocolPayload<'agent'>['state'];

/** What one agent says about itself in its roster reply (the protocol's `agent` record). */
export interface AgentStatus {
  host: string;
  agentId: string;
  version: string;
  sha?: string;
  state: AgentState;
  /** Host-clock seconds. */
  started: number;
  socket: boolean;
  /** Seconds between heartbeats this agent promises. */
  intervalS: number;
  rollout?: string;
}

export function rosterMessage(): EncodedRecord {
  return encodeProtocolRecord('roster', {});
}

export function agentRecord(status: AgentStatus): EncodedRecord {
  return encodeProtocolRecord('agent', {
    host: status.host,
    agent_id: status.agentId,
    version: status.version,
    ...(status.sha ? { sha: status.sha } : {}),
    state: status.state,
    started: status.started,
    heartbeat: Date.now() / 1000,
    interval_s: Math.max(1, Math.round(status.intervalS)),
    connection: status.socket ? 'socket' : 'poll',
    ...(status.rollout ? { rollout: status.rollout } : {}),
  });
}

export function isRosterMessage(message: ChannelMessage): boolean {
  return decodeProtocolRecord(message)?.kind === 'roster';
}

/** The host of an `agent` reply, if the message is one. */
export function agentHostOf(message: ChannelMessage): string | undefined {
  const record = decodeProtocolRecord(message);
  return record?.kind === 'agent' ? record.payload.host : undefined;
}

/**
 * The fleet from the roster thread (as `conversations.replies` returns it). A host's heartbeat is
 * the Slack time of its reply's last edit; stale when older than three promised intervals (and at
 * least `minStaleS`) before `now`, the freshest edit in the thread. The earliest reply per host counts.
 */
export function reduceRoster(
  replies: readonly ChannelMessage[],
  isOurs: (message: ChannelMessage) => boolean,
  now: number,
  minStaleS: number,
): FleetView {
  const [root, ...rest] = replies;
  const hosts = new Map<string, FleetHost>();
  for (const message of rest) {
    const record = isOurs(message) ? decodeProtocolRecord(message) : undefined;
    if (record?.kind !== 'agent' || hosts.has(record.payload.host)) continue;
    const p = record.payload;
    const heartbeat = Number(record.editedTs ?? record.ts);
    hosts.set(p.host, {
      host: p.host,
      version: p.version,
      sha: p.sha,
      state: p.state,
      started: p.started,
      heartbeat,
      socket: p.connection === 'socket',
      stale: now - heartbeat > Math.max(minStaleS, 3 * p.interval_s),
      replyTs: record.ts,
    });
  }
  return { rosterTs: root?.ts, hosts: [...hosts.values()].sort((a, b) => a.host.localeCompare(b.host)) };
}
