import type { WorkspaceSeed } from './api.js';
import type { StoredMessage } from './model.js';

/**
 * Which keys a message carries depends on where Slack shows it. These views follow the recorded
 * Slack samples for each method and event: e.g. a chat.update response's `message` has no `ts`
 * and no thread fields, message events carry no `app_id` and only `metadata.event_type`, and no
 * recorded `bot_profile` outside chat.postMessage has `user_id`, so none is emitted.
 */
export interface MessageView {
  ts: boolean;
  appId: boolean;
  /** reply_count, reply_users, latest_reply… on a thread parent. */
  threadParent: boolean;
  /** reply_users on a thread parent (absent in message_changed's recorded `message`). */
  replyUsers: boolean;
  /** thread_ts and parent_user_id on a reply. */
  threadReply: boolean;
  reactions: boolean;
  metadata: 'none' | 'type' | 'full';
  edited: boolean;
  clientMsgId: boolean;
  pinnedTo: boolean;
  permalink: boolean;
  /** The recorded pin items carry no `blocks`. */
  blocks: boolean;
}

const all: MessageView = {
  ts: true, appId: true, threadParent: true, replyUsers: true, threadReply: true, reactions: true,
  metadata: 'full', edited: true, clientMsgId: true, pinnedTo: true, permalink: false, blocks: true,
};

export const views = {
  postMessage: { ...all, threadParent: false, reactions: false, edited: false, pinnedTo: false },
  update: { ...all, ts: false, threadParent: false, threadReply: false, reactions: false, clientMsgId: false, pinnedTo: false },
  history: { ...all, metadata: 'type' },
  historyAllMetadata: all,
  replies: { ...all, metadata: 'type', clientMsgId: false },
  repliesAllMetadata: { ...all, clientMsgId: false },
  reactionsGet: { ...all, threadParent: false, threadReply: false, metadata: 'none', edited: false, clientMsgId: false, pinnedTo: false, permalink: true },
  pinItem: { ...all, threadParent: false, threadReply: false, reactions: false, metadata: 'none', edited: false, clientMsgId: false, permalink: true, blocks: false },
  event: { ...all, appId: false, threadParent: false, reactions: false, metadata: 'type', pinnedTo: false },
  changedEvent: { ...all, appId: false, replyUsers: false, reactions: false, metadata: 'none', pinnedTo: false },
} satisfies Record<string, MessageView>;

export class MessageRenderer {
  constructor(
    private readonly seed: WorkspaceSeed,
    private readonly baseUrl: () => string,
    private readonly lookup: (channel: string, ts: string) => StoredMessage | undefined,
  ) {}

  render(message: StoredMessage, view: MessageView): Record<string, unknown> {
    const out: Record<string, unknown> = { type: 'message', ...(message.tombstone ? { subtype: 'tombstone' } : {}), text: message.text, user: message.user };
    if (view.ts) out.ts = message.ts;
    out.team = this.seed.team.id;
    if (view.clientMsgId && message.clientMsgId) out.client_msg_id = message.clientMsgId;
    if (message.bot) Object.assign(out, this.botFields(message.bot, view));
    if (view.blocks && message.blocks) out.blocks = message.blocks;
    if (view.edited && message.edited) out.edited = { ...message.edited };
    if (view.metadata !== 'none' && message.metadata) {
      out.metadata = view.metadata === 'full' ? structuredClone(message.metadata) : { event_type: message.metadata.event_type };
    }
    if (view.threadReply && message.threadTs) Object.assign(out, this.replyFields(message));
    if (view.threadParent && message.replies.length > 0) Object.assign(out, this.parentFields(message, view.replyUsers));
    if (view.reactions && message.reactions.length > 0) {
      out.reactions = message.reactions.map((r) => ({ name: r.name, users: [...r.users], count: r.users.length }));
    }
    if (view.pinnedTo && message.pin) out.pinned_to = [message.channel];
    if (view.permalink) out.permalink = this.permalink(message.channel, message.ts);
    return out;
  }

  permalink(channel: string, ts: string): string {
    return `${this.baseUrl()}archives/${channel}/p${ts.replace('.', '')}`;
  }

  private botFields(bot: { botId: string; appId: string }, view: MessageView): Record<string, unknown> {
    const icon = `${this.baseUrl()}_local/avatar/${bot.botId}.svg`;
    return {
      bot_id: bot.botId,
      ...(view.appId ? { app_id: bot.appId } : {}),
      bot_profile: {
        id: bot.botId,
        deleted: false,
        name: this.seed.bot.name,
        updated: 1700000000,
        app_id: bot.appId,
        icons: { image_36: icon, image_48: icon, image_72: icon },
        team_id: this.seed.team.id,
      },
    };
  }

  private replyFields(message: StoredMessage): Record<string, unknown> {
    const parent = message.threadTs ? this.lookup(message.channel, message.threadTs) : undefined;
    return { thread_ts: message.threadTs, ...(parent ? { parent_user_id: parent.user } : {}) };
  }

  private parentFields(message: StoredMessage, withUsers: boolean): Record<string, unknown> {
    const replies = message.replies
      .map((ts) => this.lookup(message.channel, ts))
      .filter((reply): reply is StoredMessage => reply !== undefined);
    const users = [...new Set(replies.map((reply) => reply.user))];
    return {
      thread_ts: message.ts,
      reply_count: replies.length,
      reply_users_count: users.length,
      latest_reply: replies.at(-1)?.ts ?? message.ts,
      // Slack lists at most five reply users.
      ...(withUsers ? { reply_users: users.slice(0, 5) } : {}),
      is_locked: false,
      subscribed: false,
    };
  }
}
