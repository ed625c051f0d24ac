import type { StoredMessage } from '../model.js';

/** A message as the channel page shows it: plain data, every field rendered by the page as text. */
export interface PageMessage {
  ts: string;
  channel: string;
  user: string;
  text: string;
  /** The parent's ts, for thread replies only. */
  threadTs?: string;
  replyCount: number;
  pinned: boolean;
  bot: boolean;
  edited: boolean;
  tombstone: boolean;
  reactions: { name: string; users: string[] }[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

/** The page's view of a stored message (a copy: the page never shares the store's objects). */
export function pageMessage(message: StoredMessage): PageMessage {
  return {
    ts: message.ts,
    channel: message.channel,
    user: message.user,
    text: message.text,
    ...(message.threadTs ? { threadTs: message.threadTs } : {}),
    replyCount: message.replies.length,
    pinned: message.pin !== undefined,
    bot: message.bot !== undefined,
    edited: message.edited !== undefined,
    tombstone: message.tombstone === true,
    reactions: message.reactions.map((r) => ({ name: r.name, users: [...r.users] })),
    ...(message.metadata ? { metadata: structuredClone(message.metadata) } : {}),
  };
}
