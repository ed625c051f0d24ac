import { optBool, optString } from '../args.js';
import { fail } from '../slack-error.js';
import type { MethodContext, MethodHandler } from './context.js';

function renderGroup(ctx: MethodContext, group: { id: string; handle: string; name?: string; users: string[] }, withUsers: boolean): Record<string, unknown> {
  return {
    id: group.id,
    team_id: ctx.seed.team.id,
    is_usergroup: true,
    name: group.name ?? group.handle,
    description: '',
    handle: group.handle,
    is_external: false,
    date_create: 1700000000,
    date_update: 1700000000,
    date_delete: 0,
    auto_type: null,
    created_by: ctx.seed.users[0]?.id ?? ctx.seed.bot.userId,
    updated_by: ctx.seed.users[0]?.id ?? ctx.seed.bot.userId,
    deleted_by: null,
    prefs: { channels: [], groups: [] },
    user_count: group.users.length,
    ...(withUsers ? { users: [...group.users] } : {}),
  };
}

const list: MethodHandler = (ctx) => ({
  usergroups: (ctx.seed.usergroups ?? []).map((group) => renderGroup(ctx, group, optBool(ctx.args, 'include_users'))),
});

/** usergroups.users.list: the member ids; an unknown group is `no_such_subteam`, as Slack answers. */
const usersList: MethodHandler = (ctx) => {
  const id = optString(ctx.args, 'usergroup') ?? fail('no_such_subteam');
  const group = (ctx.seed.usergroups ?? []).find((g) => g.id === id) ?? fail('no_such_subteam');
  return { users: [...group.users] };
};

export const usergroupsMethods = { 'usergroups.list': list, 'usergroups.users.list': usersList };
