import { decodeThread } from '../protocol/records.js';
import type { FeedItem } from '../ui/model.js';
import { readable } from './readable.js';
import type { ChannelSnapshot } from './snapshot.js';

/** The newest `limit` records of every thread read (not the roster's heartbeats), oldest first. */
export function feedItems(snapshot: ChannelSnapshot, limit = 50): FeedItem[] {
  const items: FeedItem[] = [];
  for (const [root, messages] of snapshot.threads) {
    if (root === snapshot.rosterTs) continue;
    const byTs = new Map(messages.map((m) => [m.ts, m]));
    for (const record of decodeThread(messages)) {
      if (snapshot.botId && record.author !== snapshot.botId) continue;
      const host = 'host' in record.payload && typeof record.payload.host === 'string' ? record.payload.host : undefined;
      items.push({ ts: record.ts, at: Number(record.ts), host, kind: record.kind, text: readable(byTs.get(record.ts)?.text) });
    }
  }
  return items.sort((a, b) => a.at - b.at).slice(-limit);
}
