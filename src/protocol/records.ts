/**
 * troupe's thread records: message metadata `{event_type: "troupe_<kind>", event_payload: {v, …}}`
 * plus readable text. The lock's own records (claim, release, break, yield) are slackmq's;
 * `decodeThread` reads both kinds from one `conversations.replies(include_all_metadata)` page.
 *
 * Decoders trust nothing: metadata is writable by any app in the workspace, so malformed,
 * hostile or unknown records decode to `undefined` and are ignored, never thrown.
 */
import { decodeRecord as decodeLockRecord, type EncodedRecord, type LockRecord } from '../slackmq/records.js';
import { compareTs, isSlackTs } from '../slackmq/slack-ts.js';
import { PROTOCOL_KINDS, PROTOCOL_VERSION, SCHEMAS, eventType, type ProtocolInput, type ProtocolKind, type ProtocolPayload } from './record-schemas.js';
import { recordText } from './record-text.js';

export type { EncodedRecord } from '../slackmq/records.js';

/** A decoded troupe record with what Slack says about its message. */
export type ProtocolRecord = {
  [K in ProtocolKind]: {
    kind: K;
    ts: string;
    /** Slack's `edited.ts`, when the message was edited (a heartbeat, for `agent`). */
    editedTs?: string;
    /** `bot_id` or `user` of the author, when present. */
    author?: string;
    /** `thread_ts` of the message, when it is a reply. */
    threadTs?: string;
    payload: ProtocolPayload<K>;
  };
}[ProtocolKind];

/** Any record of a troupe thread: one of troupe's, or one of the lock's. */
export type ThreadRecord = ProtocolRecord | LockRecord;

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);

const KIND_BY_TYPE = new Map<string, ProtocolKind>(PROTOCOL_KINDS.map((kind) => [eventType(kind), kind]));

/** What `chat.postMessage` (with `thread_ts`) or `chat.update` takes for a record. */
export function encodeProtocolRecord<K extends ProtocolKind>(kind: K, input: ProtocolInput<K>): EncodedRecord {
  // Parsing fills the defaults and refuses a payload our own decoder would drop.
  const payload = SCHEMAS[kind].parse({ ...input, v: PROTOCOL_VERSION }) as ProtocolPayload<K>;
  return { text: recordText(kind, payload), metadata: { event_type: eventType(kind), event_payload: payload as Record<string, unknown> } };
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= 64 ? value : undefined;
}

/** Decodes one message into a troupe record, or `undefined` (not ours, or malformed). */
export function decodeProtocolRecord(message: unknown): ProtocolRecord | undefined {
  if (!isObj(message) || !isSlackTs(message.ts) || !isObj(message.metadata)) return undefined;
  const { event_type, event_payload } = message.metadata;
  const kind = typeof event_type === 'string' ? KIND_BY_TYPE.get(event_type) : undefined;
  if (!kind || !isObj(event_payload)) return undefined;
  const parsed = SCHEMAS[kind].safeParse(event_payload);
  if (!parsed.success) return undefined;
  return {
    kind,
    ts: message.ts,
    editedTs: isObj(message.edited) && isSlackTs(message.edited.ts) ? message.edited.ts : undefined,
    author: str(message.bot_id) ?? str(message.user),
    threadTs: isSlackTs(message.thread_ts) ? message.thread_ts : undefined,
    payload: parsed.data,
  } as ProtocolRecord;
}

/** One message as a troupe record or a lock record, or `undefined`. */
export function decodeThreadRecord(message: unknown): ThreadRecord | undefined {
  try {
    return decodeProtocolRecord(message) ?? decodeLockRecord(message);
  } catch {
    // A getter or proxy in hostile input must not take the agent down.
    return undefined;
  }
}

function laterEdit(a: ThreadRecord, b: ThreadRecord): ThreadRecord {
  if (!a.editedTs) return b;
  if (!b.editedTs) return a;
  return compareTs(a.editedTs, b.editedTs) >= 0 ? a : b;
}

/**
 * Every record of a thread (or of several reads of it), sorted by ts. A message read twice
 * counts once, in its latest edit; what is not a record is skipped.
 */
export function decodeThread(messages: readonly unknown[]): ThreadRecord[] {
  const byTs = new Map<string, ThreadRecord>();
  for (const message of messages) {
    const record = decodeThreadRecord(message);
    if (!record) continue;
    const seen = byTs.get(record.ts);
    byTs.set(record.ts, seen ? laterEdit(seen, record) : record);
  }
  return [...byTs.values()].sort((a, b) => compareTs(a.ts, b.ts));
}

export function isLockRecord(record: ThreadRecord): record is LockRecord {
  return record.kind === 'claim' || record.kind === 'release' || record.kind === 'break' || record.kind === 'yield';
}
