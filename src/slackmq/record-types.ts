/** Types and event types of the lock's thread records (see records.ts). */
export const RECORD_VERSION = 1;

export const RECORD_TYPES = {
  claim: 'troupe_claim',
  release: 'troupe_release',
  break: 'troupe_break',
  yield: 'troupe_yield',
} as const;

export type RecordKind = keyof typeof RECORD_TYPES;

/** `claim`: posted by the holder right after `pins.add` succeeded. Its reply `ts` is the fencing token. */
export interface ClaimPayload {
  v: number;
  host: string;
  /** Random per acquire attempt: tells a holder's own claim from a duplicate or a namesake's. */
  nonce: string;
  /** Lease in seconds, renewed by editing the claim. */
  lease_s: number;
  /** Slack time (seconds) of the last renewal, as the holder reckons it; absent before the first. */
  beat_at?: number;
  /** Renewals so far. */
  beats?: number;
  from_sha?: string;
  to_sha?: string;
}

/** `release`: the holder is done; compare-and-delete follows. */
export interface ReleasePayload {
  v: number;
  host: string;
  nonce: string;
  token: string;
  /** `done`, `failed`, `reverted`, `abandoned`, `withdrawn` (`WITHDRAWN`), … (free text, short). */
  result: string;
}

/** The result of a release that closes a claim its claimant would not hold (`PinLock`, DESIGN §4.6). */
export const WITHDRAWN = 'withdrawn';

/** `break`: a claim's lease ran out (`token`), or a pin never got a claim (`token: null`, `pin_created`). */
export interface BreakPayload {
  v: number;
  host: string;
  nonce: string;
  token: string | null;
  /** `created` of the pin (pins.list), for a pin with no claim. */
  pin_created?: number;
  reason: string;
}

/** `yield`: a contender gives up its turn (turn-taking, DESIGN §4.1). */
export interface YieldPayload {
  v: number;
  host: string;
  reason?: string;
}

export interface PayloadByKind {
  claim: ClaimPayload;
  release: ReleasePayload;
  break: BreakPayload;
  yield: YieldPayload;
}

/** A decoded record with what Slack says about its message. */
export type LockRecord = {
  [K in RecordKind]: {
    kind: K;
    /** The reply's ts (for a claim: the fencing token). */
    ts: string;
    /** Slack's `edited.ts`, when the message was edited (a renewal). */
    editedTs?: string;
    /** `bot_id` or `user` of the author, when present. */
    author?: string;
    payload: PayloadByKind[K];
  };
}[RecordKind];

/** What `chat.postMessage` (with `thread_ts`) or `chat.update` takes. */
export interface EncodedRecord {
  text: string;
  metadata: { event_type: string; event_payload: Record<string, unknown> };
}

