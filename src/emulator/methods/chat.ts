import type { MessageMetadata } from '../model.js';
import { optJson, optString, type Args } from '../args.js';
import { views } from '../render.js';
import { fail } from '../slack-error.js';
import { TS_PATTERN } from '../ts-clock.js';
import { channelArg, requireMember, type MethodContext, type MethodHandler, type MethodResult } from './context.js';

/** Slack truncates text above this and says so in `response_metadata`. */
export const MAX_TEXT = 40_000;

const TRUNCATED = {
  warnings: ['message_truncated'],
  messages: ['[WARN] Your message was truncated but still posted. The `text` field accepts up to 40,000 characters.'],
};

function parseMetadata(args: Args): MessageMetadata | null | undefined {
  const value = optJson(args, 'metadata', 'invalid_metadata_format');
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('invalid_metadata_format');
  const { event_type: type, event_payload: payload } = value as Record<string, unknown>;
  // chat.update: an empty object removes the message's metadata.
  if (type === undefined && payload === undefined) return null;
  if (typeof type !== 'string' || type.length === 0) return fail('invalid_metadata_format');
  if (payload !== undefined && (typeof payload !== 'object' || payload === null || Array.isArray(payload))) {
    return fail('invalid_metadata_format');
  }
  return { event_type: type, event_payload: (payload ?? {}) as Record<string, unknown> };
}

function parseBlocks(args: Args): unknown[] | undefined {
  const blocks = optJson(args, 'blocks', 'invalid_blocks');
  if (blocks === undefined) return undefined;
  return Array.isArray(blocks) ? blocks : fail('invalid_blocks_format');
}

function textArg(args: Args): { text?: string; truncated: boolean } {
  const text = optString(args, 'text');
  if (text === undefined || text.length <= MAX_TEXT) return { text, truncated: false };
  return { text: text.slice(0, MAX_TEXT), truncated: true };
}

/**
 * A malformed thread_ts is `invalid_thread_ts` (as Slack answers). For a well-formed ts that names
 * no message Slack is inconsistent (it may accept the post and never show it); this local Slack
 * answers `thread_not_found`, so callers see the mistake.
 */
function threadTsArg(args: Args): string | undefined {
  const ts = optString(args, 'thread_ts');
  if (ts !== undefined && !TS_PATTERN.test(ts)) fail('invalid_thread_ts', { response_metadata: { messages: [`[ERROR] ${ts} is not a valid thread_ts`] } });
  return ts;
}

const postMessage: MethodHandler = (ctx) => {
  const channel = channelArg(ctx);
  requireMember(ctx, channel);
  const { text, truncated } = textArg(ctx.args);
  const blocks = parseBlocks(ctx.args);
  if (text === undefined && !blocks) fail('no_text');
  const metadata = parseMetadata(ctx.args) ?? undefined;
  const message = ctx.store.post(channel.id, {
    user: ctx.caller.userId,
    text: text ?? '',
    bot: { botId: ctx.caller.botId, appId: ctx.caller.appId },
    threadTs: threadTsArg(ctx.args),
    metadata,
    blocks,
  });
  const result: MethodResult = { channel: channel.id, ts: message.ts, message: ctx.renderer.render(message, views.postMessage) };
  if (truncated) result.response_metadata = TRUNCATED;
  return result;
};

const update: MethodHandler = (ctx) => {
  const channel = channelArg(ctx);
  const ts = optString(ctx.args, 'ts') ?? fail('message_not_found');
  const { text, truncated } = textArg(ctx.args);
  const blocks = parseBlocks(ctx.args);
  const metadata = parseMetadata(ctx.args);
  if (text === undefined && !blocks && metadata === undefined) fail('no_text');
  const message = ctx.store.update(channel.id, ts, ctx.caller.userId, { text, blocks, metadata });
  const result: MethodResult = {
    channel: channel.id,
    ts: message.ts,
    text: message.text,
    message: ctx.renderer.render(message, views.update),
  };
  if (truncated) result.response_metadata = { messages: TRUNCATED.messages };
  return result;
};

const remove: MethodHandler = (ctx) => {
  const channel = channelArg(ctx);
  const ts = optString(ctx.args, 'ts') ?? fail('message_not_found');
  ctx.store.delete(channel.id, ts, ctx.caller.userId);
  return { channel: channel.id, ts };
};

const getPermalink: MethodHandler = (ctx: MethodContext) => {
  const channel = channelArg(ctx);
  const ts = optString(ctx.args, 'message_ts') ?? fail('message_not_found');
  if (!ctx.store.message(channel.id, ts)) fail('message_not_found');
  return { channel: channel.id, permalink: ctx.renderer.permalink(channel.id, ts) };
};

export const chatMethods = {
  'chat.postMessage': postMessage,
  'chat.update': update,
  'chat.delete': remove,
  'chat.getPermalink': getPermalink,
};
