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

export const COMMAND_TS = '1000.000000';

/** A rollout thread that grows one message per second of Slack time. */
export class Thread {
  t = 1000;
  readonly messages: Message[];
  private readonly nonces = new Map<string, string>();

  constructor(text = 'deploy rolling v2') {
    this.messages = [{ ts: COMMAND_TS, text, user: 'U0ALICE' }];
  }

  next(): string {
    this.t += 1;
    return ts(this.t);
  }

  add<K extends ProtocolKind>(kind: K, input: ProtocolInput<K>): string {
    const at = this.next();
    this.messages.push(record(at, kind, input, COMMAND_TS));
    return at;
  }

  lock<K extends RecordKind>(kind: K, payload: Omit<PayloadByKind[K], 'v'>): string {
    const at = this.next();
    this.messages.push(lockRecord(at, kind, payload, COMMAND_TS));
    return at;
  }

  plan(overrides: Partial<ProtocolInput<'plan'>> = {}): string {
    return this.add('plan', { mode: 'rolling', ref: 'v2', sha: SHA2, order: ['web-1', 'web-2', 'web-3'], batch: 1, max_failures: 0, lease_s: 120, health_deadline_s: 60, soak_s: 10, ...overrides });
  }

  claim(host: string): string {
    const nonce = `n-${host}-${this.t}`;
    const token = this.lock('claim', { host, nonce, lease_s: 120, from_sha: SHA1, to_sha: SHA2 });
    this.nonces.set(token, nonce);
    return token;
  }

  /** Released by the holder (its nonce), as slackmq's release does. */
  release(host: string, token: string, result = 'done'): string {
    return this.lock('release', { host, nonce: this.nonces.get(token) ?? 'unknown', token, result });
  }

  /** claim, done, release: one host updated. */
  update(host: string): void {
    const token = this.claim(host);
    this.add('done', { host, sha: SHA2, from_sha: SHA1, token });
    this.release(host, token);
  }
}

/** A roster thread: one agent reply per host, last beaten `ageS` seconds before `now`. */
export function roster(now: number, hosts: Record<string, { ageS?: number; state?: ProtocolInput<'agent'>['state'] }>): Message[] {
  const messages: Message[] = [{ ts: '900.000000', bot_id: 'B0BOT', ...encodeProtocolRecord('roster', {}) }];
  let seq = 1;
  for (const [host, { ageS = 5, state = 'idle' }] of Object.entries(hosts)) {
    const beat = now - ageS;
    const reply = record(ts(900, seq++), 'agent', { host, agent_id: `a-${host}`, version: '0.1.0', sha: SHA1, state, started: 900, heartbeat: beat, interval_s: 10, connection: 'socket' }, '900.000000');
    messages.push(edited(reply, ts(beat)));
  }
  return messages;
}
