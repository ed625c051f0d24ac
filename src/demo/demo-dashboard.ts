import { render } from 'ink';
import { createElement } from 'react';
import { colorFromEnv } from '../ui/theme.js';
import { CallBudget } from '../view/call-budget.js';
import { CallMeter } from '../view/call-meter.js';
import { ChannelReader } from '../view/channel-reader.js';
import { ChannelSource } from '../view/channel-source.js';
import { resolveConnection } from '../view/connection.js';
import { createMeteredClient } from '../view/metered-client.js';
import { DEFAULT_SHARE } from '../view/tiers.js';
import { DemoScreen } from './DemoScreen.js';

const ENTER_ALT_SCREEN = '\u001b[?1049h\u001b[H';
const LEAVE_ALT_SCREEN = '\u001b[?1049l';

export interface DemoDashboard {
  /** Resolves when the person quits (q or Ctrl-C). */
  exited: Promise<void>;
  close(): void;
}

/** The dashboard of the demo's fleet, read as host `config` would (its token file, its channel), full screen. */
export function showDemoDashboard(config: string, pageUrl: string, io: { stdout: NodeJS.WriteStream; stdin: NodeJS.ReadStream }): DemoDashboard {
  const env = { TROUPE_CONFIG: config };
  const connection = resolveConnection({ config }, env);
  const meter = new CallMeter(DEFAULT_SHARE, connection.rateScale);
  const slack = createMeteredClient({ token: connection.token, apiUrl: connection.apiUrl, meter });
  const reader = new ChannelReader(slack, connection.channel, new CallBudget(DEFAULT_SHARE, connection.rateScale));
  const source = new ChannelSource(reader, meter);
  io.stdout.write(ENTER_ALT_SCREEN);
  const props = { pageUrl, source, clock: () => Date.now() / 1000, color: colorFromEnv(process.env), pollMs: 2000 };
  const app = render(createElement(DemoScreen, props), { stdout: io.stdout, stdin: io.stdin, patchConsole: true, exitOnCtrlC: false });
  let left = false;
  const leave = () => {
    if (left) return;
    left = true;
    io.stdout.write(LEAVE_ALT_SCREEN);
  };
  const exited = app.waitUntilExit().then(leave, leave);
  return {
    exited,
    close: () => {
      app.unmount();
      leave();
    },
  };
}
