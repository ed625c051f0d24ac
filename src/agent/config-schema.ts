import { z } from 'zod';

const userOrGroup = z
  .string()
  .regex(/^[UWS][A-Z0-9]{2,}$/, 'a Slack user id (U…/W…) or user group id (S…)');

const argv = z
  .array(z.string().min(1, 'a non-empty string'))
  .min(1, 'a non-empty list of strings (the program and its arguments, no shell)');

const pattern = z.string().refine((source) => {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}, 'a valid regular expression');

const seconds = z.number().positive('a positive number of seconds');

const commandArg = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'a lower-case argument name'),
  pattern,
  optional: z.boolean().default(false),
});

const namedCommand = z.strictObject({
  argv,
  args: z.array(commandArg).default([]),
  timeout: seconds.default(60),
  description: z.string().optional(),
});

const step = z.strictObject({ argv, timeout: seconds.default(600) });

const healthCheck = z.union([
  z.strictObject({ argv, timeout: seconds.default(30) }),
  z.strictObject({ url: z.url('an http(s) URL'), timeout: seconds.default(30) }),
]);

const app = z.strictObject({
  dir: z.string().min(1, 'the path of the git working tree to deploy'),
  branch: z.string().min(1).default('main'),
  remote: z.string().min(1).default('origin'),
  build: z.array(step).default([]),
  restart: z.union([z.strictObject({ argv, timeout: seconds.default(120) }), z.literal('exit')]).default('exit'),
  health: healthCheck.optional(),
  soak: z.number().nonnegative('zero or more seconds').default(0),
  /** Seconds from the restart by which the new code must be healthy (else it is rolled back). */
  healthDeadline: seconds.default(60),
  /** Seconds between two health probes. */
  healthInterval: seconds.default(1),
  /** Self-update: crashes of the new code after its restart before the supervisor's guard reverts it. */
  maxBootAttempts: z.number().int().min(1).max(20).default(3),
});

/** Rollout timing (DESIGN §4–§5); the defaults suit a real workspace, tests shorten them. */
const rollout = z.strictObject({
  /** Extra seconds after a lease runs out before a peer may break it. */
  lockDelay: z.number().nonnegative().default(15),
  /** Seconds a pin without a claim is left alone. */
  grace: seconds.default(30),
  /** Silence per place in the order before a host does a chore for an absent one. */
  backoff: seconds.default(20),
  /** Poll interval while it is (nearly) this host's turn, and while nothing is expected of it. */
  fastPoll: seconds.default(2),
  slowPoll: seconds.default(30),
});

const tokens = z.strictObject({
  botFile: z.string().min(1).optional(),
  appFile: z.string().min(1).optional(),
});

/** The shape of an agent configuration file (YAML or JSON). */
export const agentConfigSchema = z.strictObject({
  channel: z.string().regex(/^[CG][A-Z0-9]{2,}$/, 'a Slack channel id such as C0123ABCD (channel details → About)'),
  host: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'a host name of letters, digits, dots, dashes')
    .optional(),
  operators: z.array(userOrGroup).min(1, 'at least one operator user id or user group id'),
  commands: z
    .record(z.string().regex(/^[a-z][a-z0-9_-]*$/, 'a lower-case command name'), namedCommand)
    .default({}),
  app: app.optional(),
  stateDir: z.string().min(1).optional(),
  lease: seconds.default(120),
  rollout: rollout.default({ lockDelay: 15, grace: 30, backoff: 20, fastPoll: 2, slowPoll: 30 }),
  tokens: tokens.default({}),
  slack: z
    .strictObject({
      apiUrl: z.url('an http(s) URL ending in /api/').optional(),
      /** Rate tiers multiplied by this (a local Slack started with scaled tiers). */
      rateScale: z.number().positive().default(1),
      /** Never poll more often than this, whatever the budget allows. */
      minPollMs: z.number().int().min(100).default(2000),
      /** Use Socket Mode at all (off: poll only). */
      socket: z.boolean().default(true),
    })
    .default({ rateScale: 1, minPollMs: 2000, socket: true }),
  /** Commands older than this (Slack time) when first seen are not run (an agent back from a long outage). */
  maxCommandAge: seconds.default(600),
});

export type AgentConfigFile = z.infer<typeof agentConfigSchema>;
