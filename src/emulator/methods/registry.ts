import type { BucketSpec } from '../rate-limiter.js';
import { TIERS } from '../rate-limiter.js';
import { chatMethods } from './chat.js';
import { conversationsMethods } from './conversations.js';
import type { MethodHandler } from './context.js';
import { pinsMethods } from './pins.js';
import { reactionsMethods } from './reactions.js';
import { usergroupsMethods } from './usergroups.js';
import { userMethods } from './users.js';

export interface MethodSpec {
  handler: MethodHandler;
  /** The token type Slack accepts for this method. */
  token: 'bot' | 'app';
  /** Any one of these scopes grants the method; none = no scope needed. */
  scopes: string[];
  /** chat.postMessage has its own per-channel limit (see web-api.ts). */
  tier: BucketSpec | 'post';
}

const handlers: Record<string, MethodHandler> = {
  ...chatMethods,
  ...conversationsMethods,
  ...pinsMethods,
  ...reactionsMethods,
  ...userMethods,
  ...usergroupsMethods,
};

const table: Record<string, Omit<MethodSpec, 'handler'>> = {
  'auth.test': { token: 'bot', scopes: [], tier: TIERS[4] },
  'chat.postMessage': { token: 'bot', scopes: ['chat:write'], tier: 'post' },
  'chat.update': { token: 'bot', scopes: ['chat:write'], tier: TIERS[3] },
  'chat.delete': { token: 'bot', scopes: ['chat:write'], tier: TIERS[3] },
  'chat.getPermalink': { token: 'bot', scopes: [], tier: TIERS[4] },
  'conversations.history': { token: 'bot', scopes: ['channels:history', 'groups:history'], tier: TIERS[3] },
  'conversations.replies': { token: 'bot', scopes: ['channels:history', 'groups:history'], tier: TIERS[3] },
  'conversations.info': { token: 'bot', scopes: ['channels:read', 'groups:read'], tier: TIERS[3] },
  'conversations.list': { token: 'bot', scopes: ['channels:read', 'groups:read'], tier: TIERS[2] },
  'pins.add': { token: 'bot', scopes: ['pins:write'], tier: TIERS[2] },
  'pins.remove': { token: 'bot', scopes: ['pins:write'], tier: TIERS[2] },
  'pins.list': { token: 'bot', scopes: ['pins:read'], tier: TIERS[2] },
  'reactions.add': { token: 'bot', scopes: ['reactions:write'], tier: TIERS[3] },
  // reactions.remove is Tier 2, unlike reactions.add.
  'reactions.remove': { token: 'bot', scopes: ['reactions:write'], tier: TIERS[2] },
  'reactions.get': { token: 'bot', scopes: ['reactions:read'], tier: TIERS[3] },
  'users.info': { token: 'bot', scopes: ['users:read'], tier: TIERS[4] },
  'users.list': { token: 'bot', scopes: ['users:read'], tier: TIERS[2] },
  'usergroups.list': { token: 'bot', scopes: ['usergroups:read'], tier: TIERS[2] },
  'usergroups.users.list': { token: 'bot', scopes: ['usergroups:read'], tier: TIERS[2] },
  // The method page on api.slack.com says Tier 1, docs.slack.dev says Tier 3: Tier 3 is used so
  // that a fleet's routine refresh reconnects are not throttled below what Slack allows today.
  'apps.connections.open': { token: 'app', scopes: ['connections:write'], tier: TIERS[3] },
};

export const methods: ReadonlyMap<string, MethodSpec> = new Map(
  Object.entries(table).map(([name, spec]) => {
    const handler = handlers[name];
    if (!handler) throw new Error(`no handler for ${name}`);
    return [name, { ...spec, handler }];
  }),
);
