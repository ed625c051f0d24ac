/** The local Slack's stored state, as plain data (it is also the `--data` file's content). */

export interface MessageMetadata {
  event_type: string;
  event_payload: Record<string, unknown>;
}

export interface StoredMessage {
  ts: string;
  channel: string;
  /** Author: a person's user id or the bot's user id. */
  user: string;
  text: string;
  /** Set when the bot posted it (with the bot token). */
  bot?: { botId: string; appId: string };
  /** Set on messages typed by a person. */
  clientMsgId?: string;
  /** The parent's ts, for thread replies only. */
  threadTs?: string;
  metadata?: MessageMetadata;
  blocks?: unknown[];
  edited?: { user: string; ts: string };
  pin?: { created: number; createdBy: string };
  reactions: { name: string; users: string[] }[];
  /** A deleted thread parent that still has replies: Slack keeps it as "This message was deleted." */
  tombstone?: boolean;
  /** For a thread parent: the ts of its replies, oldest first. */
  replies: string[];
}

export interface ChannelState {
  id: string;
  name: string;
  members: string[];
  /** All messages of the channel, replies included, in ts order. */
  messages: StoredMessage[];
}

/** A state change, in the order it happened. The Socket Mode events, the data file and the channel page all follow this feed. */
export type StoreChange =
  | { kind: 'message_posted'; channel: string; message: StoredMessage }
  | { kind: 'message_changed'; channel: string; message: StoredMessage; previous: StoredMessage }
  | { kind: 'message_deleted'; channel: string; previous: StoredMessage; eventTs: string }
  | { kind: 'pin_added' | 'pin_removed'; channel: string; message: StoredMessage; user: string; pin: { created: number; createdBy: string }; eventTs: string }
  | { kind: 'reaction_added' | 'reaction_removed'; channel: string; message: StoredMessage; user: string; name: string; eventTs: string }
  | { kind: 'reset' };
