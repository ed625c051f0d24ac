import { decodeProtocolRecord, encodeProtocolRecord, type EncodedRecord, type ProtocolPayload } from '../protocol/index.js';
import type { ChannelMessage } from './channel-message.js';

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

/** The host of an `agent` reply, if the message is one. */
export function agentHostOf(message: ChannelMessage): string | undefined {
  const record = decodeProtocolRecord(message);
  return record?.kind === 'agent' ? record.payload.host : undefined;
}
