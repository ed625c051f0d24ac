/**
 * Reading and writing the lock's thread: the records under the locked message and the pin.
 * Each read also feeds the `SlackClock` (every ts seen is a lower bound of Slack time).
 */
import type { ChatPostMessageArguments } from '@slack/web-api';
import { callTimed, callValue, type CallContext } from './call-slack.js';
import { SlackCallError } from './errors.js';
import type { PinState } from './decide.js';
import { decodeRecords, encodeRecord, type PayloadByKind, type RecordKind } from './records.js';
import type { LockRecord } from './record-types.js';
import type { SlackPorts } from './ports.js';
import type { SlackClock } from './slack-clock.js';
import { isSlackTs, tsToSeconds } from './slack-ts.js';

/** Where a lock lives, and how its process talks to Slack. */
export interface LockSite {
  slack: SlackPorts;
  channel: string;
  /** The locked message. */
  ts: string;
  call: CallContext;
  clock: SlackClock;
}

/** Our metadata is plain JSON; the SDK's type is narrower than what Slack accepts. */
export type ChatMetadata = NonNullable<ChatPostMessageArguments['metadata']>;

export interface ThreadRead {
  records: LockRecord[];
  /** From the parent's `pinned_to`, when Slack includes it. */
  pin?: PinState;
  /** The thread's messages as Slack returned them (the parent first). */
  messages: unknown[];
}

interface RepliesPage {
  messages?: unknown[];
  response_metadata?: { next_cursor?: string };
}

/** Reads every record of the thread (all pages). */
export async function readThread(site: LockSite): Promise<ThreadRead> {
  const messages: unknown[] = [];
  let cursor: string | undefined;
  do {
    const page: RepliesPage = await callValue(
      'conversations.replies',
      () => site.slack.conversations.replies({ channel: site.channel, ts: site.ts, include_all_metadata: true, limit: 200, cursor }),
      site.call,
    );
    messages.push(...(page.messages ?? []));
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  const received = site.call.clock.monotonicMs();
  for (const m of messages) {
    const ts = (m as { ts?: unknown }).ts;
    if (isSlackTs(ts)) site.clock.observeLower(tsToSeconds(ts), received);
  }
  const parent = messages.find((m) => (m as { ts?: unknown }).ts === site.ts) as { pinned_to?: unknown } | undefined;
  const pin = Array.isArray(parent?.pinned_to) ? { pinned: parent.pinned_to.includes(site.channel) } : undefined;
  return { records: decodeRecords(messages.filter((m) => m !== parent)), pin, messages };
}

interface PinItem {
  type?: string;
  created?: number;
  created_by?: string;
  message?: { ts?: string };
}

/** The pin of the locked message from pins.list, with `created` (Slack time) and who pinned it. */
export async function readPin(site: LockSite): Promise<PinState> {
  const list = await callValue('pins.list', () => site.slack.pins.list({ channel: site.channel }), site.call);
  const items = (list.items ?? []) as PinItem[];
  const item = items.find((i) => i.message?.ts === site.ts);
  if (!item) return { pinned: false };
  if (typeof item.created === 'number') site.clock.observeLower(item.created, site.call.clock.monotonicMs());
  return { pinned: true, created: item.created, createdBy: item.created_by };
}

/**
 * Posts a record as a thread reply and feeds the clock. `sentMs` is when the attempt that
 * succeeded was sent (monotonic): Slack's ts for the record was assigned after it.
 */
export async function postRecord<K extends RecordKind>(site: LockSite, kind: K, payload: PayloadByKind[K]): Promise<{ ts: string; sentMs: number }> {
  const { text, metadata } = encodeRecord(kind, payload);
  const { value: posted, startedMs: sent } = await callTimed(
    'chat.postMessage',
    () => site.slack.chat.postMessage({ channel: site.channel, thread_ts: site.ts, text, metadata: metadata as ChatMetadata }),
    site.call,
  );
  const ts = posted.ts;
  if (!isSlackTs(ts)) throw new SlackCallError('no_ts_in_answer', 'chat.postMessage');
  site.clock.observePost(ts, sent, site.call.clock.monotonicMs());
  return { ts, sentMs: sent };
}
