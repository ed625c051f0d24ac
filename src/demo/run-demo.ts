import { ciFlagged } from '../ui/live-terminal.js';
import { DemoFleet } from './demo-fleet.js';
import { showDemoDashboard } from './demo-dashboard.js';
import { demoInstructions } from './instructions.js';

export interface DemoArgs {
  hosts: number;
  port: number;
  dir?: string;
  dashboard: boolean;
}

export interface DemoDeps {
  stdout: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  /** Progress and instructions for people, one line at a time. */
  print: (line: string) => void;
  /** Resolves at SIGINT/SIGTERM. */
  stopped: Promise<unknown>;
  self: string[];
}

/**
 * `troupe demo`: starts the fleet, shows where the channel is and what to type, then the
 * dashboard (on a terminal) or nothing more, until Ctrl-C (or `q` in the dashboard); then stops
 * everything and says which pins it had to remove.
 */
export async function runDemo(args: DemoArgs, deps: DemoDeps): Promise<number> {
  let interrupted = false;
  void deps.stopped.then(() => (interrupted = true));
  const fleet = await DemoFleet.start({ hosts: args.hosts, port: args.port, dir: args.dir, self: deps.self, log: deps.print });
  try {
    const first = fleet.hosts[0];
    for (const line of demoInstructions(fleet.pageUrl, fleet.hosts.map((h) => h.name), first?.config ?? '')) deps.print(line);
    if (!interrupted) await waitForEnd(args, deps, fleet.pageUrl, first?.config);
  } finally {
    deps.print('stopping the agents, the services and the local Slack…');
    const report = await fleet.stop();
    for (const pin of report.releasedPins) deps.print(`removed the pin left on ${pin.ts} (${pin.text.split('\n')[0]})`);
    deps.print('stopped.');
  }
  return 0;
}

async function waitForEnd(args: DemoArgs, deps: DemoDeps, pageUrl: string, config: string | undefined): Promise<void> {
  // With CI set the terminal UI would draw nothing until it ends: plain lines instead.
  const terminal = deps.stdout.isTTY && deps.stdin.isTTY && !ciFlagged(process.env);
  if (!args.dashboard || !terminal || !config) {
    await deps.stopped;
    return;
  }
  const dashboard = showDemoDashboard(config, pageUrl, { stdout: deps.stdout, stdin: deps.stdin });
  await Promise.race([dashboard.exited, deps.stopped]);
  dashboard.close();
}
