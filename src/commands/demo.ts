import type { CommandModule } from 'yargs';
import { runDemo } from '../demo/run-demo.js';
import { runDemoScript } from '../demo/run-demo-script.js';
import { selfInvocation } from '../demo/supervised-agent.js';
import { UsageError } from '../errors.js';

interface DemoCommandArgs {
  hosts: number;
  port: number;
  dir?: string;
  dashboard: boolean;
  script: boolean;
  json: boolean;
}

/** Slack gives an app at most 10 Socket Mode connections; one is left for `troupe doctor`. */
const MAX_HOSTS = 9;

/** Checks the flags; throws UsageError with what to type instead. */
export function checkDemoArgs(args: DemoCommandArgs): void {
  if (!Number.isInteger(args.hosts) || args.hosts < 1 || args.hosts > MAX_HOSTS) {
    throw new UsageError(`--hosts must be a whole number from 1 to ${MAX_HOSTS} (Slack allows an app 10 Socket Mode connections), not ${args.hosts}.`);
  }
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) {
    throw new UsageError(`--port must be a port number from 0 to 65535 (0 picks a free one), not ${args.port}.`);
  }
  if (args.json && !args.script) throw new UsageError('--json goes with --script (the summary of the scenario); the interactive demo prints for people.');
  if (args.script && args.hosts < 2) throw new UsageError('--script needs at least 2 hosts (a canary and one to promote to).');
}

/**
 * Resolves at the first SIGINT, SIGTERM or SIGHUP (the terminal closed). Later ones are swallowed
 * while the demo stops its children, which run in their own process groups: dying half-way would
 * leave agents and services running on their own.
 */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let first = true;
    const stop = (signal: NodeJS.Signals) => {
      if (first) resolve(signal);
      else process.stderr.write('still stopping the demo (agents hand back what they hold first)…\n');
      first = false;
    };
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, stop);
  });
}

export const demoCommand: CommandModule<object, DemoCommandArgs> = {
  command: 'demo',
  builder: (yargs) =>
    yargs
      .option('hosts', { type: 'number', default: 3, describe: 'how many hosts (web-1 … web-N)' })
      .option('port', { type: 'number', default: 0, describe: "the local Slack's port, where the channel page is (0: any free port)" })
      .option('dir', { type: 'string', describe: 'keep the fleet here between runs (working trees, state, the channel); a temporary directory otherwise' })
      .option('dashboard', { type: 'boolean', default: true, describe: 'show the dashboard in the terminal (--no-dashboard: plain lines)' })
      .option('script', { type: 'boolean', default: false, describe: 'play a scenario unattended (canary v2, promote, canary v3 reverted, run uptime on all); exit 0 only if every step ends as expected' })
      .option('json', { type: 'boolean', default: false, describe: "with --script: print the scenario's summary as one JSON document" }),
  handler: async (args) => {
    checkDemoArgs(args);
    const common = { self: selfInvocation(), stopped: untilSignal() };
    const out = (line: string) => process.stdout.write(`${line}\n`);
    if (args.script) {
      process.exitCode = await runDemoScript(args, { ...common, out, err: (line) => process.stderr.write(`${line}\n`) });
      return;
    }
    process.exitCode = await runDemo(args, { ...common, print: out, stdout: process.stdout, stdin: process.stdin });
  },
};
