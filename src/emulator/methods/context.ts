import type { WorkspaceSeed } from '../api.js';
import type { Args } from '../args.js';
import type { ChannelState } from '../model.js';
import type { MessageRenderer } from '../render.js';
import type { Store } from '../store.js';
import { optString } from '../args.js';
import { fail } from '../slack-error.js';
import { TS_PATTERN } from '../ts-clock.js';

/** Who is calling: resolved from the token. */
export interface Caller {
  tokenType: 'bot' | 'app';
  userId: string;
  botId: string;
  appId: string;
  scopes: readonly string[];
  /** `X-Troupe-Client` of the request, or `anonymous`. */
  client: string;
}

export interface MethodContext {
  args: Args;
  caller: Caller;
  store: Store;
  renderer: MessageRenderer;
  seed: WorkspaceSeed;
  baseUrl: string;
  /** Issues a one-time Socket Mode URL for this client. */
  openSocket: (client: string) => string;
}

export type MethodResult = Record<string, unknown>;
export type MethodHandler = (ctx: MethodContext) => MethodResult;

/** The channel named by `channel` (id or name); `channel_not_found` when missing or unknown. */
export function channelArg(ctx: MethodContext, name = 'channel'): ChannelState {
  const id = optString(ctx.args, name) ?? fail('channel_not_found');
  return ctx.store.findChannel(id) ?? fail('channel_not_found');
}

export function requireMember(ctx: MethodContext, channel: ChannelState): void {
  if (!channel.members.includes(ctx.caller.userId)) fail('not_in_channel');
}

/** A message timestamp argument: missing gives `missingError`, malformed gives `bad_timestamp`. */
export function timestampArg(ctx: MethodContext, name: string, missingError: string): string {
  const ts = optString(ctx.args, name) ?? fail(missingError);
  if (!TS_PATTERN.test(ts)) fail('bad_timestamp');
  return ts;
}
