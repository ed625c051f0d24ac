import type { CommandModule } from 'yargs';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyCommand = CommandModule<any, any>;

/** One `troupe` subcommand: what the top-level help shows, and how to load the module that runs it. */
export interface CommandEntry {
  name: string;
  command: string;
  describe: string;
  load: () => Promise<AnyCommand>;
}

/**
 * Every `troupe` subcommand, one module per file. Each module's handler only parses, builds
 * dependencies and calls an exported `runX(args, deps)`. Modules are loaded only when their
 * command runs, so `troupe --help` does not load Ink, the Slack clients or git.
 */
export const commandEntries: readonly CommandEntry[] = [
  {
    name: 'agent',
    command: 'agent',
    describe: 'Run the host agent: serve the fleet channel (remote commands, roster, deployments) until stopped',
    load: async () => (await import('./agent.js')).agentCommand,
  },
  {
    name: 'dashboard',
    command: 'dashboard',
    describe: 'Watch the fleet live: hosts, locks, rollouts, the thread feed and the API budget (q quits, ? helps)',
    load: async () => (await import('./dashboard.js')).dashboardCommand,
  },
  {
    name: 'deploy',
    command: 'deploy <action> [ref]',
    describe: 'Post a deploy command to the fleet channel as an operator (canary, rolling, plan, promote, abort, pause, resume, retry, rollback); --wait follows it',
    load: async () => (await import('./deploy.js')).deployCommand,
  },
  {
    name: 'demo',
    command: 'demo',
    describe: 'Try troupe with no Slack workspace: a local Slack with a channel web page, a fleet of sample hosts and the dashboard (what `npm start` runs)',
    load: async () => (await import('./demo.js')).demoCommand,
  },
  {
    name: 'doctor',
    command: 'doctor',
    describe: "Check this host's set-up (tokens, scopes, channel, Socket Mode, app repository, state directory, supervisor) and say what to fix",
    load: async () => (await import('./doctor.js')).doctorCommand,
  },
  {
    name: 'emulator',
    command: 'emulator',
    describe: 'Run the local Slack (Web API + Socket Mode) on loopback, for trying troupe without a workspace',
    load: async () => (await import('./emulator.js')).emulatorCommand,
  },
  {
    name: 'locks',
    command: 'locks',
    describe: 'Show every pinned message: rollout and run locks (holder, fencing token, lease) and people’s pins',
    load: async () => (await import('./locks.js')).locksCommand,
  },
  {
    name: 'rollouts',
    command: 'rollouts [ts]',
    describe: 'Show recent rollouts (phase, progress, failures, halt reason), or one rollout host by host',
    load: async () => (await import('./rollouts.js')).rolloutsCommand,
  },
  {
    name: 'status',
    command: 'status',
    describe: 'Show the fleet: each host, its state, version, heartbeat and part in the current rollout',
    load: async () => (await import('./status.js')).statusCommand,
  },
  {
    name: 'supervise',
    command: 'supervise [child..]',
    describe: 'Run a program and restart it like systemd would (exit code 75: at once; crash: with back-off), with the update guard',
    load: async () => (await import('./supervise.js')).superviseCommand,
  },
  {
    name: 'unlock',
    command: 'unlock <ts>',
    describe: 'Break a lock (operators only): shows the holder, asks, then breaks it through the lock’s break protocol',
    load: async () => (await import('./unlock.js')).unlockCommand,
  },
];

/**
 * The yargs modules for one run: the invoked command (`argv`'s first word) loaded whole, every
 * other one as its name and description only.
 */
export async function commandsFor(argv: readonly string[]): Promise<AnyCommand[]> {
  const invoked = argv.find((arg) => !arg.startsWith('-'));
  return Promise.all(
    commandEntries.map(async (entry): Promise<AnyCommand> => {
      if (entry.name !== invoked) return { command: entry.command, describe: entry.describe, handler: () => undefined };
      return { ...(await entry.load()), describe: entry.describe };
    }),
  );
}
