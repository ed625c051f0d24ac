/** Builds thread messages as `conversations.replies(include_all_metadata)` returns them. */
import { encodeRecord, type PayloadByKind, type RecordKind } from '../../src/slackmq/records.js';
import { encodeProtocolRecord } from '../../src/protocol/records.js';
import type { ProtocolInput, ProtocolKind } from '../../src/protocol/record-schemas.js';

export const SHA1 = '1111111111111111111111111111111111111111';
export const SHA2 = '2222222222222222222222222222222222222222';

export interface Message {
  ts: string;
  text: string;
  bot_id?: string;
  user?: string;
  thread_ts?: string;
  edited?: { user: string; ts: string };
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

/** A Slack ts from whole seconds (and an optional sequence for ties). */
export function ts(seconds: number, seq = 0): string {
  return `${seconds}.${String(seq).padStart(6, '0')}`;
}

export function record<K extends ProtocolKind>(at: string, kind: K, input: ProtocolInput<K>, thread = '1000.000000'): Message {
  return { ts: at, bot_id: 'B0BOT', thread_ts: thread, ...encodeProtocolRecord(kind, input) };
}

export function lockRecord<K extends RecordKind>(at: string, kind: K, payload: Omit<PayloadByKind[K], 'v'>, thread = '1000.000000'): Message {
  return { ts: at, bot_id: 'B0BOT', thread_ts: thread, ...encodeRecord(kind, { v: 1, ...payload } as PayloadByKind[K]) };
}

export function edited(message: Message, at: string): Message {
  return { ...message, edited: { user: 'U0BOT', ts: at } };
}
