import type { WebClient } from '@slack/web-api';
import type { ChannelMessage } from './channel-message.js';
import { compareTs } from './journal.js';

export type HistoryPort = Pick<WebClient['conversations'], 'history'>;

/**
 * Reads the top-level messages of the channel newer than `after` (exclusive), oldest first,
 * following pages; `after` absent reads only the newest page. The history is the truth (DESIGN §1).
 */
export async function readNewMessages(
  conversations: HistoryPort,
  channel: string,
  after: string | undefined,
): Promise<ChannelMessage[]> {
  const found: ChannelMessage[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 10; page += 1) {
    const response = await conversations.history({
      channel,
      limit: 100,
      include_all_metadata: true,
      ...(after ? { oldest: after, inclusive: false } : {}),
      ...(cursor ? { cursor } : {}),
    });
    found.push(...((response.messages ?? []) as ChannelMessage[]));
    cursor = response.response_metadata?.next_cursor || undefined;
    if (!after || !response.has_more || !cursor) break;
  }
  return found.filter((m) => !after || compareTs(m.ts, after) > 0).sort((a, b) => compareTs(a.ts, b.ts));
}

/**
 * Whether a Socket Mode event in the thread of `threadTs` (a reply, a reaction, a pin) is under a
 * message newer than the channel read so far (`after`): then the channel holds something this
 * agent has not read (a command whose own event went to another of the app's connections), and
 * it reads the channel now instead of at its next poll.
 */
export function isUnreadThread(threadTs: string, after: string | undefined): boolean {
  return after === undefined || compareTs(threadTs, after) > 0;
}
