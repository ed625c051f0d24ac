import { compareTs, isSlackTs } from './slack-ts.js';
import { RECORD_TYPES, type LockRecord, type PayloadByKind, type RecordKind } from './record-types.js';

/*
 * Metadata is readable and writable by any app in the workspace, so a decoder trusts nothing:
 * wrong types, absurd numbers, oversized strings and unknown kinds all decode to `undefined`.
 * Unknown extra fields are ignored (a newer writer may add some); `v` must be a positive integer.
 */

type Obj = Record<string, unknown>;

const MAX_TEXT = 200;
const MAX_LEASE_S = 7 * 24 * 3600;

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown, max = MAX_TEXT): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= max ? value : undefined;
}

function num(value: unknown, min: number, max: number): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max ? value : undefined;
}

function optional<T>(raw: unknown, parsed: T | undefined): { ok: boolean; value: T | undefined } {
  return raw === undefined || raw === null ? { ok: true, value: undefined } : { ok: parsed !== undefined, value: parsed };
}

function version(p: Obj): number | undefined {
  return Number.isInteger(p.v) && (p.v as number) >= 1 ? (p.v as number) : undefined;
}

function claim(p: Obj): PayloadByKind['claim'] | undefined {
  const v = version(p);
  const host = str(p.host);
  const nonce = str(p.nonce);
  const lease_s = num(p.lease_s, 1, MAX_LEASE_S);
  const beat_at = optional(p.beat_at, num(p.beat_at, 0, 1e11));
  const beats = optional(p.beats, num(p.beats, 0, 1e9));
  const from_sha = optional(p.from_sha, str(p.from_sha, 64));
  const to_sha = optional(p.to_sha, str(p.to_sha, 64));
  if (!v || !host || !nonce || !lease_s || !beat_at.ok || !beats.ok || !from_sha.ok || !to_sha.ok) return undefined;
  return { v, host, nonce, lease_s, beat_at: beat_at.value, beats: beats.value, from_sha: from_sha.value, to_sha: to_sha.value };
}

function release(p: Obj): PayloadByKind['release'] | undefined {
  const v = version(p);
  const host = str(p.host);
  const nonce = str(p.nonce);
  const token = isSlackTs(p.token) ? p.token : undefined;
  const result = str(p.result, 64);
  if (!v || !host || !nonce || !token || !result) return undefined;
  return { v, host, nonce, token, result };
}

function breakOf(p: Obj): PayloadByKind['break'] | undefined {
  const v = version(p);
  const host = str(p.host);
  const nonce = str(p.nonce);
  const token = p.token === null ? null : isSlackTs(p.token) ? p.token : undefined;
  const pin_created = optional(p.pin_created, num(p.pin_created, 0, 1e11));
  const reason = str(p.reason, 64);
  if (!v || !host || !nonce || token === undefined || !pin_created.ok || !reason) return undefined;
  if (token === null && pin_created.value === undefined) return undefined;
  return { v, host, nonce, token, pin_created: pin_created.value, reason };
}

function yieldOf(p: Obj): PayloadByKind['yield'] | undefined {
  const v = version(p);
  const host = str(p.host);
  const reason = optional(p.reason, str(p.reason));
  if (!v || !host || !reason.ok) return undefined;
  return { v, host, reason: reason.value };
}

const PARSERS: { [K in RecordKind]: (p: Obj) => PayloadByKind[K] | undefined } = {
  claim,
  release,
  break: breakOf,
  yield: yieldOf,
};

const KIND_BY_TYPE = new Map<string, RecordKind>(
  (Object.entries(RECORD_TYPES) as [RecordKind, string][]).map(([kind, type]) => [type, kind]),
);

/** Decodes one message from `conversations.replies` into a lock record, or `undefined`. */
export function decodeRecord(message: unknown): LockRecord | undefined {
  if (!isObj(message) || !isSlackTs(message.ts) || !isObj(message.metadata)) return undefined;
  const { event_type, event_payload } = message.metadata;
  const kind = typeof event_type === 'string' ? KIND_BY_TYPE.get(event_type) : undefined;
  if (!kind || !isObj(event_payload)) return undefined;
  const payload = PARSERS[kind](event_payload);
  if (!payload) return undefined;
  const edited = isObj(message.edited) && isSlackTs(message.edited.ts) ? message.edited.ts : undefined;
  const author = str(message.bot_id) ?? str(message.user);
  return { kind, ts: message.ts, editedTs: edited, author, payload } as LockRecord;
}

/** Decodes every record of a thread, skipping the rest, sorted by ts and without duplicates. */
export function decodeRecords(messages: readonly unknown[]): LockRecord[] {
  const byTs = new Map<string, LockRecord>();
  for (const message of messages) {
    const record = decodeRecord(message);
    if (record) byTs.set(record.ts, record);
  }
  return [...byTs.values()].sort((a, b) => compareTs(a.ts, b.ts));
}
