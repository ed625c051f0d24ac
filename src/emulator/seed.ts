import { z } from 'zod';
import type { WorkspaceSeed } from './api.js';
import { UsageError } from '../errors.js';

/** Every scope troupe's bot needs; a seed may grant fewer to test `missing_scope`. */
export const BOT_SCOPES = [
  'chat:write',
  'channels:history',
  'groups:history',
  'channels:read',
  'groups:read',
  'pins:read',
  'pins:write',
  'reactions:read',
  'reactions:write',
  'usergroups:read',
  'users:read',
] as const;

/** The default workspace: team, #ops, the bot, alice (an operator, also in the `operators` group) and mallory (not one). */
export function defaultSeed(): WorkspaceSeed {
  return {
    team: { id: 'T0TROUPE01', name: 'troupe', domain: 'troupe-local' },
    channels: [{ id: 'C0OPS00001', name: 'ops', members: ['U0BOT00001', 'U0ALICE001', 'U0MALLORY1'] }],
    bot: {
      userId: 'U0BOT00001',
      botId: 'B0BOT00001',
      appId: 'A0TROUPE01',
      name: 'troupe',
      botToken: 'xoxb-1000000001-2000000001-localtroupebot',
      appToken: 'xapp-1-A0TROUPE01-3000000001-localtroupeapp',
      scopes: [...BOT_SCOPES],
    },
    users: [
      { id: 'U0ALICE001', name: 'alice', realName: 'Alice Operator' },
      { id: 'U0MALLORY1', name: 'mallory', realName: 'Mallory' },
    ],
    usergroups: [{ id: 'S0OPERATOR', handle: 'operators', name: 'Operators', users: ['U0ALICE001'] }],
  };
}

const id = (prefix: string) => z.string().regex(new RegExp(`^${prefix}[A-Z0-9]{2,}$`), `an id starting with ${prefix}, then capitals or digits`);

const seedSchema = z.object({
  team: z.object({ id: id('T'), name: z.string().min(1), domain: z.string().min(1) }),
  channels: z.array(z.object({ id: id('[CG]'), name: z.string().min(1), members: z.array(z.string()) })).min(1),
  bot: z.object({
    userId: id('U'),
    botId: id('B'),
    appId: id('A'),
    name: z.string().min(1),
    botToken: z.string().startsWith('xoxb-'),
    appToken: z.string().startsWith('xapp-'),
    scopes: z.array(z.string()),
  }),
  users: z.array(z.object({ id: id('[UW]'), name: z.string().min(1), realName: z.string().optional(), isBot: z.boolean().optional() })),
  usergroups: z.array(z.object({ id: id('S'), handle: z.string().min(1), name: z.string().optional(), users: z.array(z.string()) })).optional(),
});

/** Checks a seed read from a file; the error names the field and says how to fix it. */
export function parseSeed(value: unknown, source = 'the seed'): WorkspaceSeed {
  const result = seedSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue ? issue.path.join('.') || '(top level)' : '(top level)';
  throw new UsageError(`${source}: ${where}: ${issue?.message ?? 'invalid'}. Fix it, or leave out --seed to use the default workspace.`);
}
