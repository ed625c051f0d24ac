import type { ChannelState } from '../model.js';
import { optBool, optInt, optString } from '../args.js';
import { paginate, type Window } from '../pagination.js';
import { views } from '../render.js';
import { fail } from '../slack-error.js';
import { channelArg, requireMember, type MethodContext, type MethodHandler, type MethodResult } from './context.js';

function windowArgs(ctx: MethodContext, defaultLimit: number, maxLimit: number): Window {
  const limit = optInt(ctx.args, 'limit') ?? defaultLimit;
  return {
    oldest: optString(ctx.args, 'oldest'),
    latest: optString(ctx.args, 'latest'),
    inclusive: optBool(ctx.args, 'inclusive'),
    cursor: optString(ctx.args, 'cursor'),
    limit: Math.min(Math.max(limit, 1), maxLimit),
  };
}

function pageResult(base: MethodResult, hasMore: boolean, nextCursor?: string): MethodResult {
  return { ...base, has_more: hasMore, ...(nextCursor ? { response_metadata: { next_cursor: nextCursor } } : {}) };
}

const history: MethodHandler = (ctx) => {
  const channel = channelArg(ctx);
  requireMember(ctx, channel);
  const view = optBool(ctx.args, 'include_all_metadata') ? views.historyAllMetadata : views.history;
  // Internal apps keep Tier 3 and the old limits: default 100, at most 999.
  const page = paginate(channel.messages, windowArgs(ctx, 100, 999), true, (m) => !m.threadTs);
  return pageResult(
    { messages: page.messages.map((m) => ctx.renderer.render(m, view)), pin_count: ctx.store.pinCount(channel.id) },
    page.hasMore,
    page.nextCursor,
  );
};

/**
 * conversations.replies: the parent first, then the replies oldest first. Continuation pages
 * (with a cursor) omit the parent, as Slack's do, so a cursor walk sees every message once.
 */
const replies: MethodHandler = (ctx) => {
  const channel = channelArg(ctx);
  requireMember(ctx, channel);
  const ts = optString(ctx.args, 'ts') ?? fail('thread_not_found');
  const target = ctx.store.message(channel.id, ts) ?? fail('thread_not_found');
  const parent = target.threadTs ? (ctx.store.message(channel.id, target.threadTs) ?? fail('thread_not_found')) : target;
  const view = optBool(ctx.args, 'include_all_metadata') ? views.repliesAllMetadata : views.replies;
  const window = windowArgs(ctx, 1000, 1000);
  const thread = parent.replies.map((reply) => ctx.store.message(channel.id, reply)).filter((m) => m !== undefined);
  const page = paginate(thread, window, false);
  const messages = window.cursor ? page.messages : [parent, ...page.messages];
  return pageResult({ messages: messages.map((m) => ctx.renderer.render(m, view)) }, page.hasMore, page.nextCursor);
};

export function renderChannel(ctx: MethodContext, channel: ChannelState): Record<string, unknown> {
  const first = ctx.seed.channels[0]?.id === channel.id;
  const subject = { value: '', creator: '', last_set: 0 };
  return {
    id: channel.id,
    name: channel.name,
    is_channel: true,
    is_group: false,
    is_im: false,
    is_mpim: false,
    is_private: false,
    created: 1700000000,
    is_archived: false,
    is_general: first,
    unlinked: 0,
    name_normalized: channel.name,
    is_shared: false,
    is_org_shared: false,
    is_ext_shared: false,
    is_pending_ext_shared: false,
    pending_shared: [],
    is_member: channel.members.includes(ctx.caller.userId),
    creator: ctx.seed.users[0]?.id ?? ctx.seed.bot.userId,
    topic: subject,
    purpose: subject,
    previous_names: [],
    num_members: channel.members.length,
  };
}

const info: MethodHandler = (ctx) => ({ channel: renderChannel(ctx, channelArg(ctx)) });

const list: MethodHandler = (ctx) => ({
  channels: ctx.store.allChannels().map((channel) => renderChannel(ctx, channel)),
  response_metadata: { next_cursor: '' },
});

export const conversationsMethods = {
  'conversations.history': history,
  'conversations.replies': replies,
  'conversations.info': info,
  'conversations.list': list,
};
