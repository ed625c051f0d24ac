/**
 * The original slackmq's API, made correct.
 * - `ack`/`unack`: the bare pin, as the original: `true` when this process pinned the message,
 *   `false` only for `already_pinned`; rate limits are waited out, transient failures retried,
 *   auth and scope errors thrown (`MissingScopeError` names the scope). No owner, no lease:
 *   for short, idempotent reactions to a message.
 * - `withMessageLock`: the full lock around `fn`, with claim, lease, release, markers and
 *   once-only handling (a message whose thread already has a `done` release is not run again).
 */
import { callSlack, callValue, DEFAULT_RETRY, type CallContext } from './call-slack.js';
import { LockHeldError, type HolderInfo } from './errors.js';
import type { Lease } from './lease.js';
import type { PinLockOptions } from './lock-config.js';
import { setMarker, type Marker } from './markers.js';
import { PinLock } from './pin-lock.js';
import { systemClock, systemRandom, type PinsPort, type ReactionsPort } from './ports.js';
import { decodeRecords } from './records.js';
import type { RepliesPort } from './ports.js';

export interface MessageRef {
  pins: PinsPort;
  channel: string;
  ts: string;
  call?: CallContext;
}

const defaultCall: CallContext = { clock: systemClock, random: systemRandom, retry: DEFAULT_RETRY };

/**
 * Pins the message: `true` if this call pinned it, `false` if it was already pinned. After an
 * answer lost to a 5xx or the network, a retry may find the message pinned by this very call;
 * `false` is then the safe answer, and the pin stays until someone unacks it: use
 * `withMessageLock` where that matters.
 */
export async function ack(ref: MessageRef): Promise<boolean> {
  const added = await callSlack('pins.add', () => ref.pins.add({ channel: ref.channel, timestamp: ref.ts }), ref.call ?? defaultCall, ['already_pinned']);
  return added.ok;
}

/** Unpins the message: `true` if this call unpinned it, `false` if it was not pinned. */
export async function unack(ref: MessageRef): Promise<boolean> {
  const removed = await callSlack('pins.remove', () => ref.pins.remove({ channel: ref.channel, timestamp: ref.ts }), ref.call ?? defaultCall, ['no_pin', 'not_pinned']);
  return removed.ok;
}

export type MessageLockResult<T> =
  | { status: 'done'; value: T }
  | { status: 'held'; holder: HolderInfo }
  | { status: 'already_done' };

export interface MessageLockOptions extends PinLockOptions {
  /** React ⏳ while running, then ✅ or ❌ (default true). */
  markers?: boolean;
  slack: PinLockOptions['slack'] & { reactions: ReactionsPort; conversations: RepliesPort };
}

async function alreadyDone(options: MessageLockOptions): Promise<boolean> {
  const page = await callValue(
    'conversations.replies',
    () => options.slack.conversations.replies({ channel: options.channel, ts: options.ts, include_all_metadata: true, limit: 200 }),
    { ...defaultCall, clock: options.clock ?? systemClock, retry: { ...DEFAULT_RETRY, ...options.retry } },
  );
  return decodeRecords(page.messages ?? []).some((r) => r.kind === 'release' && r.payload.result === 'done');
}

/**
 * Runs `fn` in exactly one of the contenders for the message. `fn` gets the lease: check
 * `lease.assertHeld()` (or `lease.signal`) before each step that cannot be undone.
 * `fn` throwing releases with result `failed` and rethrows.
 */
export async function withMessageLock<T>(options: MessageLockOptions, fn: (lease: Lease) => Promise<T>): Promise<MessageLockResult<T>> {
  if (await alreadyDone(options)) return { status: 'already_done' };
  let lease: Lease;
  try {
    lease = await new PinLock(options).acquireOrBreak();
  } catch (error) {
    if (error instanceof LockHeldError) return { status: 'held', holder: error.holder };
    throw error;
  }
  // A slower contender can get the lock after the first one finished and unpinned: the thread
  // still says `done`, so it hands the lock straight back.
  if (await alreadyDone(options)) {
    await lease.release('already_done');
    return { status: 'already_done' };
  }
  const target = { reactions: options.slack.reactions, channel: options.channel, ts: options.ts };
  const mark = (m: Marker) => (options.markers === false ? Promise.resolve() : setMarker(target, m));
  let value: T;
  try {
    await mark('running');
    value = await fn(lease);
  } catch (error) {
    await lease.release('failed');
    await mark('failed');
    throw error;
  }
  await lease.release('done');
  await mark('done');
  return { status: 'done', value };
}
