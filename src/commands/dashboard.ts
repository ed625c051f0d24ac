import { render } from 'ink';
import { createElement } from 'react';
import type { CommandModule } from 'yargs';
import { UsageError } from '../errors.js';
import { App } from '../ui/App.js';
import { ciFlagged } from '../ui/live-terminal.js';
import { colorFromEnv } from '../ui/theme.js';
import { CallBudget } from '../view/call-budget.js';
import { CallMeter } from '../view/call-meter.js';
import { ChannelReader } from '../view/channel-reader.js';
import { ChannelSource } from '../view/channel-source.js';
import { connectionOptions, resolveConnection, type ConnectionArgs } from '../view/connection.js';
import { createMeteredClient } from '../view/metered-client.js';
import { DEFAULT_SHARE } from '../view/tiers.js';

export interface DashboardArgs extends ConnectionArgs {
  share: number;
  interval: number;
}

export interface DashboardDeps {
  stdout: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  env: Record<string, string | undefined>;
}

const ENTER_ALT_SCREEN = '\u001b[?1049h\u001b[H';
const LEAVE_ALT_SCREEN = '\u001b[?1049l';

/** `troupe dashboard`: the live view, full screen, until `q`. */
export async function runDashboard(args: DashboardArgs, deps: DashboardDeps): Promise<number> {
  if (!deps.stdout.isTTY || !deps.stdin.isTTY) {
    throw new UsageError('troupe dashboard needs a terminal. For scripts use `troupe status --json`, `troupe locks --json` or `troupe rollouts --json`.');
  }
  if (ciFlagged(deps.env)) {
    throw new UsageError(
      'troupe dashboard would stay blank: CI is set in the environment, and then the terminal UI draws only its last frame. Run it with CI unset (`env -u CI troupe dashboard`), or use `troupe status --json`.',
    );
  }
  if (!(args.share > 0 && args.share <= 1)) throw new UsageError(`--share must be a fraction above 0 and at most 1 (of each Slack tier), not ${args.share}`);
  if (!(args.interval >= 1)) throw new UsageError(`--interval must be at least 1 (seconds), not ${args.interval}`);
  const connection = resolveConnection(args, deps.env);
  const meter = new CallMeter(args.share, connection.rateScale);
  const slack = createMeteredClient({ token: connection.token, apiUrl: connection.apiUrl, meter });
  const reader = new ChannelReader(slack, connection.channel, new CallBudget(args.share, connection.rateScale));
  const source = new ChannelSource(reader, meter);
  deps.stdout.write(ENTER_ALT_SCREEN);
  try {
    const props = { source, clock: () => Date.now() / 1000, color: colorFromEnv(deps.env), pollMs: args.interval * 1000 };
    const app = render(createElement(App, props), { stdout: deps.stdout, stdin: deps.stdin, patchConsole: true });
    await app.waitUntilExit();
  } finally {
    deps.stdout.write(LEAVE_ALT_SCREEN);
  }
  return 0;
}

export const dashboardCommand: CommandModule<object, DashboardArgs> = {
  command: 'dashboard',
  builder: (yargs) =>
    yargs
      .options(connectionOptions)
      .option('share', { type: 'number', default: DEFAULT_SHARE, describe: 'the part of each Slack rate tier the dashboard may spend (the agents share the rest)' })
      .option('interval', { type: 'number', default: 3, describe: 'seconds between polls (the budget may still skip calls)' }),
  handler: async (args) => {
    process.exitCode = await runDashboard(args, { stdout: process.stdout, stdin: process.stdin, env: process.env });
  },
};
