import type { WorkspaceSeed } from '../api.js';
import { optString } from '../args.js';
import { fail } from '../slack-error.js';
import type { MethodContext, MethodHandler } from './context.js';

interface Person {
  id: string;
  name: string;
  realName?: string;
  isBot?: boolean;
}

function people(seed: WorkspaceSeed): Person[] {
  return [{ id: seed.bot.userId, name: seed.bot.name, realName: seed.bot.name, isBot: true }, ...seed.users];
}

/** A seeded person (or the bot) by user id or by name. */
export function findPerson(seed: WorkspaceSeed, idOrName: string): Person | undefined {
  return people(seed).find((person) => person.id === idOrName || person.name === idOrName);
}

function renderUser(ctx: MethodContext, person: Person): Record<string, unknown> {
  const real = person.realName ?? person.name;
  const image = `${ctx.baseUrl}_local/avatar/${person.id}.svg`;
  const isAppBot = person.id === ctx.seed.bot.userId;
  return {
    id: person.id,
    team_id: ctx.seed.team.id,
    name: person.name,
    deleted: false,
    color: '9f69e7',
    real_name: real,
    tz: 'Etc/UTC',
    tz_label: 'Coordinated Universal Time',
    tz_offset: 0,
    profile: {
      real_name: real,
      real_name_normalized: real,
      display_name: person.name,
      display_name_normalized: person.name,
      avatar_hash: 'g000000000000',
      image_24: image,
      image_48: image,
      image_72: image,
      team: ctx.seed.team.id,
      ...(isAppBot ? { bot_id: ctx.seed.bot.botId, api_app_id: ctx.seed.bot.appId, always_active: true } : {}),
    },
    is_admin: false,
    is_owner: false,
    is_primary_owner: false,
    is_restricted: false,
    is_ultra_restricted: false,
    is_bot: person.isBot === true,
    is_app_user: false,
    updated: 1700000000,
  };
}

const info: MethodHandler = (ctx) => {
  const id = optString(ctx.args, 'user') ?? fail('user_not_found');
  const person = people(ctx.seed).find((p) => p.id === id) ?? fail('user_not_found');
  return { user: renderUser(ctx, person) };
};

const list: MethodHandler = (ctx) => ({
  members: people(ctx.seed).map((person) => renderUser(ctx, person)),
  cache_ts: Math.floor(Date.now() / 1000),
  response_metadata: { next_cursor: '' },
});

const authTest: MethodHandler = (ctx) => ({
  url: ctx.baseUrl,
  team: ctx.seed.team.name,
  user: ctx.seed.bot.name,
  team_id: ctx.seed.team.id,
  user_id: ctx.caller.userId,
  bot_id: ctx.caller.botId,
  app_id: ctx.caller.appId,
  is_enterprise_install: false,
});

const connectionsOpen: MethodHandler = (ctx) => ({ url: ctx.openSocket(ctx.caller.client) });

export const userMethods = {
  'users.info': info,
  'users.list': list,
  'auth.test': authTest,
  'apps.connections.open': connectionsOpen,
};
