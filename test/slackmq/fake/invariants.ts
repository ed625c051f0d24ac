/**
 * The checks of the randomized test, over what the fake Slack recorded.
 * I2: the intervals in which holders acted (first to last step under one token) never overlap.
 * I3: every pin removal Slack applied came from the author of the latest record that closed
 *     the lock at that moment (the holder that released, or the winning breaker), and a release's
 *     removal took the pin its holder held, not one added after the release.
 */
import { decodeRecords, replayLog, tsToSeconds, type LockTiming } from '../../../src/slackmq/index.js';
import type { FakeSlack } from './fake-slack.js';

export interface Act {
  host: string;
  token: string;
  at: number;
}

export function checkI2(acts: readonly Act[]): string | undefined {
  const spans = new Map<string, { host: string; from: number; to: number }>();
  for (const a of acts) {
    const s = spans.get(a.token);
    if (s) s.to = Math.max(s.to, a.at);
    else spans.set(a.token, { host: a.host, from: a.at, to: a.at });
  }
  const sorted = [...spans.entries()].sort((x, y) => x[1].from - y[1].from);
  for (let i = 1; i < sorted.length; i++) {
    const [pt, prev] = sorted[i - 1]!;
    const [ct, cur] = sorted[i]!;
    if (cur.from <= prev.to) return `I2: ${cur.host} (token ${ct}) acted at ${cur.from} ms while ${prev.host} (token ${pt}) still acted until ${prev.to} ms`;
  }
  return undefined;
}

export function checkI3(fake: FakeSlack, lockTs: string, epochS: number, timing: LockTiming): string | undefined {
  const author = new Map<string, string>();
  for (const entry of fake.log) {
    const nonce = entry.metadata?.event_payload.nonce;
    if (entry.method === 'chat.postMessage' && entry.ok && typeof nonce === 'string') author.set(nonce, entry.client);
  }
  const thread = [...fake.messages.values()].filter((m) => m.thread_ts === lockTs);
  for (const removal of fake.log.filter((e) => e.method === 'pins.remove' && e.ok)) {
    const upTo = epochS + removal.at / 1000;
    const records = decodeRecords(thread.filter((m) => tsToSeconds(m.ts) <= upTo));
    const log = replayLog(records, upTo, timing);
    const closings = [...log.closed.values()].map((c) => ({ at: c.at, nonce: c.nonce, by: c.by }));
    if (log.lastBreak) closings.push({ ...log.lastBreak, by: 'break' });
    closings.sort((a, b) => a.at - b.at);
    const latest = closings.at(-1);
    const entitled = latest ? author.get(latest.nonce) : undefined;
    if (entitled !== removal.client) {
      return `I3: ${removal.client} removed the pin at ${removal.at} ms; the latest close was ${latest ? `a ${latest.by} by ${entitled}` : 'none'}`;
    }
    // A release removes the pin its holder held, never one the next holder added after the
    // release (as a blind retry of a removal whose answer was lost did, and as the release of a
    // claim that landed in a winning breaker's reservation did before the log made such a claim
    // dead). A winning break may clear a pin added after it: the lock is reserved for the breaker
    // for the grace.
    const addedS = epochS + (removal.pinAddedAt ?? 0) / 1000;
    if (latest?.by === 'release' && addedS > latest.at) {
      return `I3: ${removal.client} removed at ${removal.at} ms a pin added at ${removal.pinAddedAt} ms, after its own ${latest.by} (${latest.at})`;
    }
  }
  return undefined;
}
