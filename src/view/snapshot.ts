/** What the dashboard last read from the channel: raw Slack messages, reduced only on display. */

/** A message as conversations.history/replies and pins.list return it (the fields read here). */
export interface SlackMessage {
  ts: string;
  text?: string;
  user?: string;
  bot_id?: string;
  subtype?: string;
  thread_ts?: string;
  reply_count?: number;
  latest_reply?: string;
  edited?: { ts?: string; user?: string };
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

/** One pinned message, from pins.list. */
export interface PinnedItem {
  message: SlackMessage;
  /** Slack time (seconds) of the pin. */
  created?: number;
  /** Who pinned it: the bot (a troupe lock) or a person. */
  createdBy?: string;
}

export interface ChannelSnapshot {
  channel: string;
  /** The bot user: pins it made are troupe's, others are people's. */
  botUserId?: string;
  /** The bot's `bot_id`: only records it wrote are trusted (any app can write metadata). */
  botId?: string;
  /** The newest page of top-level messages, newest first (as Slack returns them). */
  history: SlackMessage[];
  /** The roster message, when found. */
  rosterTs?: string;
  /** Thread root ts → the thread (root first, then replies), as last read. */
  threads: Map<string, SlackMessage[]>;
  pins: PinnedItem[];
  /** Slack time (seconds) of the last read that succeeded, of any kind. */
  updatedAt?: number;
  /** The last read failed: what went wrong and what to do. */
  error?: string;
}

export function emptySnapshot(channel: string): ChannelSnapshot {
  return { channel, history: [], threads: new Map(), pins: [] };
}

/** The thread a message belongs to (a reply's root, or itself). */
export function rootOf(message: SlackMessage): string {
  return message.thread_ts ?? message.ts;
}
