/** A message as `conversations.history` returns it (only the fields the agent reads). */
export interface ChannelMessage {
  ts: string;
  type?: string;
  channel?: string;
  subtype?: string;
  user?: string;
  bot_id?: string;
  app_id?: string;
  text?: string;
  thread_ts?: string;
  edited?: { user?: string; ts?: string };
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
  reply_count?: number;
}

export type MessageClass =
  /** Typed by a person at the top level, never edited: a candidate command. */
  | 'command'
  /** A person's top-level message edited before this agent read it: never acted on. */
  | 'edited'
  /** Anything else: bots (including troupe itself), joins, thread replies, hidden changes. */
  | 'other';

/**
 * What a message in the history is to the agent. Edits, deletions and other bots never trigger
 * anything: only a person's original, unedited top-level message can be a command.
 */
export function classifyMessage(message: ChannelMessage): MessageClass {
  if (message.subtype !== undefined) return 'other';
  if (message.bot_id !== undefined || message.app_id !== undefined || !message.user) return 'other';
  if (message.thread_ts !== undefined && message.thread_ts !== message.ts) return 'other';
  if (message.edited !== undefined) return 'edited';
  return 'command';
}
