import { optString } from '../args.js';
import { views } from '../render.js';
import { fail } from '../slack-error.js';
import { channelArg, timestampArg, type MethodContext, type MethodHandler } from './context.js';

const NAME = /^[a-z0-9_+'-]+(::skin-tone-[2-6])?$/;

/** `:thumbsup:` and `thumbsup` name the same reaction. */
export function reactionName(raw: string | undefined): string {
  const name = (raw ?? fail('invalid_name')).replace(/^:|:$/g, '');
  return NAME.test(name) ? name : fail('invalid_name');
}

function target(ctx: MethodContext): { channel: string; ts: string } {
  const channel = channelArg(ctx);
  return { channel: channel.id, ts: timestampArg(ctx, 'timestamp', 'no_item_specified') };
}

const add: MethodHandler = (ctx) => {
  const { channel, ts } = target(ctx);
  ctx.store.react(channel, ts, ctx.caller.userId, reactionName(optString(ctx.args, 'name')));
  return {};
};

const remove: MethodHandler = (ctx) => {
  const { channel, ts } = target(ctx);
  ctx.store.unreact(channel, ts, ctx.caller.userId, reactionName(optString(ctx.args, 'name')));
  return {};
};

const get: MethodHandler = (ctx) => {
  const { channel, ts } = target(ctx);
  const message = ctx.store.message(channel, ts) ?? fail('message_not_found');
  return { type: 'message', channel, message: ctx.renderer.render(message, views.reactionsGet) };
};

export const reactionsMethods = { 'reactions.add': add, 'reactions.remove': remove, 'reactions.get': get };
