import type { StoredMessage } from './model.js';
import { fail } from './slack-error.js';
import { formatTs, parseTsMicros } from './ts-clock.js';

export interface Window {
  oldest?: string;
  latest?: string;
  inclusive: boolean;
  limit: number;
  cursor?: string;
}

export interface Page {
  messages: StoredMessage[];
  hasMore: boolean;
  nextCursor?: string;
}

const TIME = /^\d{1,10}(\.\d{1,6})?$/;

/** A time bound (`oldest`/`latest`: seconds with up to six decimals) as a fixed-width ts, which compares as a string. */
export function timeBound(value: string | undefined, error: string): string | undefined {
  if (value === undefined) return undefined;
  return TIME.test(value) ? formatTs(parseTsMicros(value)) : fail(error);
}

/** Slack's cursors are opaque base64 of `next_ts:<ts without dot>`; this one is the same shape. */
export function encodeCursor(ts: string): string {
  return Buffer.from(`next_ts:${ts.replace('.', '')}`).toString('base64');
}

function decodeCursor(cursor: string): string {
  const text = Buffer.from(cursor, 'base64').toString('utf8');
  const match = /^next_ts:(\d{16})$/.exec(text);
  return match?.[1] ? formatTs(BigInt(match[1])) : fail('invalid_cursor');
}

/**
 * One page of `messages` (in ts order, oldest first) that pass `keep`, walking newest first
 * (`descending`, conversations.history) or oldest first (conversations.replies). `oldest` and
 * `latest` are exclusive unless `inclusive`. Well-formed ts strings have a fixed width, so they
 * compare as strings; the walk stops one message after the page.
 */
export function paginate(messages: StoredMessage[], window: Window, descending: boolean, keep: (m: StoredMessage) => boolean = () => true): Page {
  const oldest = timeBound(window.oldest, 'invalid_ts_oldest');
  const latest = timeBound(window.latest, 'invalid_ts_latest');
  const from = window.cursor ? decodeCursor(window.cursor) : undefined;
  const inRange = (ts: string) =>
    !(oldest !== undefined && (window.inclusive ? ts < oldest : ts <= oldest)) &&
    !(latest !== undefined && (window.inclusive ? ts > latest : ts >= latest)) &&
    !(from !== undefined && (descending ? ts > from : ts < from));
  const page: StoredMessage[] = [];
  let next: StoredMessage | undefined;
  const step = descending ? -1 : 1;
  for (let i = descending ? messages.length - 1 : 0; i >= 0 && i < messages.length; i += step) {
    const message = messages[i]!;
    if (!keep(message) || !inRange(message.ts)) continue;
    if (page.length === window.limit) {
      next = message;
      break;
    }
    page.push(message);
  }
  return { messages: page, hasMore: next !== undefined, ...(next ? { nextCursor: encodeCursor(next.ts) } : {}) };
}
