import type { StoredMessage } from './model.js';
import { fail } from './slack-error.js';
import { parseTsMicros } from './ts-clock.js';

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

/** A time bound (`oldest`/`latest`): seconds with up to six decimals. */
export function timeBound(value: string | undefined, error: string): bigint | undefined {
  if (value === undefined) return undefined;
  return TIME.test(value) ? parseTsMicros(value) : fail(error);
}

/** Slack's cursors are opaque base64 of `next_ts:<ts without dot>`; this one is the same shape. */
export function encodeCursor(ts: string): string {
  return Buffer.from(`next_ts:${ts.replace('.', '')}`).toString('base64');
}

function decodeCursor(cursor: string): bigint {
  const text = Buffer.from(cursor, 'base64').toString('utf8');
  const match = /^next_ts:(\d{16})$/.exec(text);
  return match?.[1] ? BigInt(match[1]) : fail('invalid_cursor');
}

/**
 * One page of `messages` (already filtered and in ts order, oldest first), walking newest first
 * (`descending`, conversations.history) or oldest first (conversations.replies). `oldest`/`latest`
 * are exclusive unless `inclusive`.
 */
export function paginate(messages: StoredMessage[], window: Window, descending: boolean): Page {
  const oldest = timeBound(window.oldest, 'invalid_ts_oldest');
  const latest = timeBound(window.latest, 'invalid_ts_latest');
  const from = window.cursor ? decodeCursor(window.cursor) : undefined;
  const inRange = messages.filter((message) => {
    const ts = parseTsMicros(message.ts);
    if (oldest !== undefined && (window.inclusive ? ts < oldest : ts <= oldest)) return false;
    if (latest !== undefined && (window.inclusive ? ts > latest : ts >= latest)) return false;
    if (from !== undefined && (descending ? ts > from : ts < from)) return false;
    return true;
  });
  const ordered = descending ? inRange.reverse() : inRange;
  const page = ordered.slice(0, window.limit);
  const next = ordered[window.limit];
  return { messages: page, hasMore: next !== undefined, ...(next ? { nextCursor: encodeCursor(next.ts) } : {}) };
}
