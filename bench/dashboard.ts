import { Writable } from 'node:stream';
import { render, renderToString } from 'ink';
import { createElement } from 'react';
import { startLocalSlack } from '../src/emulator/index.js';
import { Dashboard } from '../src/ui/Dashboard.js';
import { initialNav } from '../src/ui/nav.js';
import { buildView } from '../src/view/build-view.js';
import { CallBudget } from '../src/view/call-budget.js';
import { CallMeter } from '../src/view/call-meter.js';
import { ChannelReader } from '../src/view/channel-reader.js';
import { ChannelSource } from '../src/view/channel-source.js';
import { createMeteredClient } from '../src/view/metered-client.js';
import { DEFAULT_SHARE } from '../src/view/tiers.js';
import { driveFleet, seedFleet } from './dashboard/fleet.js';

/**
 * Two numbers for `troupe dashboard`:
 * 1. frame: a 200-host fleet mid-rollout, read once from the local Slack; the time to build the
 *    view through the reducers, to render a first 160×60 frame with Ink (`renderToString`), and
 *    to re-render it in a live Ink app as the clock ticks (what the dashboard does every second,
 *    view build included); wall median and p95 over `--frames`, and CPU time per frame.
 * 2. budget: a 10-host fleet mid-rollout on the local Slack with Slack's rate tiers, agents still
 *    posting progress and heartbeats; the dashboard's source polled every 3 s (as the app does)
 *    for `--seconds` (default 60); its API calls per minute per method, counted by its client and
 *    by the local Slack's call log, and the 429s it got.
 *
 *   npm run bench -- dashboard [--json] [--hosts 200] [--frames 50] [--fleet 10] [--seconds 60]
 */
function option(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(`--${name}`);
  const value = at >= 0 ? Number(args[at + 1]) : fallback;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

interface Timing {
  median: number;
  p95: number;
  cpuMsPerFrame: number;
}

/** A 160×60 terminal that throws the output away. */
function fakeTerminal(): NodeJS.WriteStream {
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  return Object.assign(sink, { columns: 160, rows: 60, isTTY: true }) as unknown as NodeJS.WriteStream;
}

function stats(samples: number[]): { median: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => Number((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(2));
  return { median: at(0.5), p95: at(0.95) };
}

async function frameBench(hosts: number, frames: number) {
  const slack = await startLocalSlack({ rateLimits: 'off' });
  try {
    await seedFleet(slack, hosts);
    const meter = new CallMeter(DEFAULT_SHARE);
    const client = createMeteredClient({ token: slack.botToken, apiUrl: slack.apiUrl, meter });
    const reader = new ChannelReader(client, slack.channel, CallBudget.unlimited());
    const snapshot = await reader.refresh();
    const times = (label: string, frame: (now: number) => void): Record<string, Timing> => {
      const wall: number[] = [];
      for (let i = 0; i < 5; i += 1) frame(Date.now() / 1000 + i);
      const cpu = process.cpuUsage();
      for (let i = 0; i < frames; i += 1) {
        const t0 = performance.now();
        frame(Date.now() / 1000 + i);
        wall.push(performance.now() - t0);
      }
      const used = process.cpuUsage(cpu);
      return { [label]: { ...stats(wall), cpuMsPerFrame: Number(((used.user + used.system) / 1000 / frames).toFixed(1)) } };
    };
    const view = (now: number) => buildView(snapshot, now, meter.rows(now * 1000));
    const element = (now: number) => createElement(Dashboard, { view: view(now), now, width: 160, height: 60, nav: initialNav });
    const app = render(element(Date.now() / 1000), { stdout: fakeTerminal(), patchConsole: false, exitOnCtrlC: false });
    const results = {
      ...times('buildViewMs', view),
      ...times('firstFrameMs', (now) => renderToString(element(now), { columns: 160 })),
      ...times('liveFrameMs', (now) => app.rerender(element(now))),
    };
    app.unmount();
    return { hosts, frames, ms: results };
  } finally {
    await slack.close();
  }
}

async function budgetBench(fleetSize: number, seconds: number) {
  const slack = await startLocalSlack({ rateLimits: 'slack' });
  try {
    const fleet = await seedFleet(slack, fleetSize);
    const stop = driveFleet(slack, fleet);
    const meter = new CallMeter(DEFAULT_SHARE);
    const client = createMeteredClient({ token: slack.botToken, apiUrl: slack.apiUrl, meter });
    const source = new ChannelSource(new ChannelReader(client, slack.channel, new CallBudget(DEFAULT_SHARE)), meter);
    const started = Date.now();
    while (Date.now() - started < seconds * 1000) {
      await source.refresh();
      source.view(Date.now() / 1000);
      await new Promise((resolve) => setTimeout(resolve, 3000));
    }
    stop();
    const minutes = (Date.now() - started) / 60_000;
    const calls = slack.callLog().filter((c) => c.client === 'dashboard' && c.time >= started);
    const perMethod: Record<string, { perMinute: number; share: number; tier: number; rateLimited: number }> = {};
    for (const row of meter.rows(Date.now())) {
      const logged = calls.filter((c) => c.method === row.method);
      perMethod[row.method] = { perMinute: Number((logged.length / minutes).toFixed(1)), share: row.share, tier: row.tier, rateLimited: logged.filter((c) => c.rateLimited).length };
    }
    return { fleet: fleetSize, seconds, callsPerMinute: Number((calls.length / minutes).toFixed(1)), countedByClient: meter.total(), loggedBySlack: calls.length, perMethod };
  } finally {
    await slack.close();
  }
}

export async function run(args: string[]): Promise<void> {
  const frame = await frameBench(option(args, 'hosts', 200), option(args, 'frames', 50));
  const budget = await budgetBench(option(args, 'fleet', 10), option(args, 'seconds', 60));
  if (args.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ frame, budget }, null, 2)}\n`);
    return;
  }
  process.stdout.write(
    `frame (${frame.hosts} hosts, 160x60), ms: wall median / p95 / CPU per frame\n` +
      Object.entries(frame.ms)
        .map(([k, v]) => `  ${k.padEnd(14)} ${v.median} / ${v.p95} / ${v.cpuMsPerFrame}\n`)
        .join('') +
      `budget (${budget.fleet} hosts, ${budget.seconds} s): ${budget.callsPerMinute} calls/min ` +
      `(client counted ${budget.countedByClient}, local Slack logged ${budget.loggedBySlack})\n`,
  );
  for (const [method, m] of Object.entries(budget.perMethod)) {
    process.stdout.write(`  ${method.padEnd(24)} ${String(m.perMinute).padStart(5)}/min  share ${m.share}/min of tier ${m.tier}/min  429s ${m.rateLimited}\n`);
  }
}
