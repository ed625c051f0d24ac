import { decodeThread } from '../protocol/records.js';
import { slackToPlain } from '../protocol/slack-text.js';
import type { FeedItem } from '../ui/model.js';
import type { ChannelSnapshot } from './snapshot.js';

/** Slack text as one terminal line: no mrkdwn marks, no emoji (double width, and the kind says it). */
function readable(text: string): string {
  return text
    .replace(/[*`]/g, '')
    .replace(/\p{Extended_Pictographic}\uFE0F?\s*/gu, '')
    .trim();
}

/** The newest `limit` records of every thread read (not the roster's heartbeats), oldest first. */
export function feedItems(snapshot: ChannelSnapshot, limit = 50): FeedItem[] {
  const items: FeedItem[] = [];
  for (const [root, messages] of snapshot.threads) {
    if (root === snapshot.rosterTs) continue;
    const byTs = new Map(messages.map((m) => [m.ts, m]));
    for (const record of decodeThread(messages)) {
      if (snapshot.botId && record.author !== snapshot.botId) continue;
      const text = slackToPlain(byTs.get(record.ts)?.text ?? '').split('\n')[0] ?? '';
      const host = 'host' in record.payload && typeof record.payload.host === 'string' ? record.payload.host : undefined;
      items.push({ ts: record.ts, at: Number(record.ts), host, kind: record.kind, text: readable(text) });
    }
  }
  return items.sort((a, b) => a.at - b.at).slice(-limit);
}
