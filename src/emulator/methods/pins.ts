import { views } from '../render.js';
import { channelArg, requireMember, timestampArg, type MethodHandler } from './context.js';

const add: MethodHandler = (ctx) => {
  const channel = channelArg(ctx);
  const ts = timestampArg(ctx, 'timestamp', 'no_item_specified');
  requireMember(ctx, channel);
  ctx.store.pin(channel.id, ts, ctx.caller.userId);
  return {};
};

const remove: MethodHandler = (ctx) => {
  const channel = channelArg(ctx);
  const ts = timestampArg(ctx, 'timestamp', 'no_item_specified');
  ctx.store.unpin(channel.id, ts, ctx.caller.userId);
  return {};
};

const list: MethodHandler = (ctx) => {
  const channel = channelArg(ctx);
  const pinned = ctx.store.pins(channel.id).sort((a, b) => (b.pin?.created ?? 0) - (a.pin?.created ?? 0));
  return {
    items: pinned.map((message) => ({
      type: 'message',
      created: message.pin?.created,
      created_by: message.pin?.createdBy,
      channel: channel.id,
      message: ctx.renderer.render(message, views.pinItem),
    })),
  };
};

export const pinsMethods = { 'pins.add': add, 'pins.remove': remove, 'pins.list': list };
