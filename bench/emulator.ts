import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { LogLevel, WebClient } from '@slack/web-api';
import { startLocalSlack } from '../src/emulator/index.js';

/**
 * Loopback throughput of the local Slack: chat.postMessage and conversations.history (limit 20)
 * through the official WebClient, rate limits off. The local Slack runs in this process; the
 * clients run in `--clients` child processes (default 2), each with `--concurrency` calls in
 * flight (default 16), for `--seconds` (default 5) after a one-second warm-up. The local Slack's
 * CPU time per call is measured too: on a shared machine the wall-clock rate drops with the load,
 * the CPU cost per call much less.
 *
 *   npm run bench -- emulator [--json] [--seconds 5] [--clients 2] [--concurrency 16]
 */
const CLIENT = '--local-slack-bench-client';

interface Job {
  apiUrl: string;
  botToken: string;
  channel: string;
  concurrency: number;
  warmupMs: number;
  ms: number;
}

/** A client process: warms up, says `ready`, waits for `go`, drives the calls, answers with the count. */
async function client(): Promise<void> {
  const job = await new Promise<Job>((resolve) => process.once('message', (m) => resolve(m as Job)));
  const web = new WebClient(job.botToken, { slackApiUrl: job.apiUrl, logLevel: LogLevel.ERROR, maxRequestConcurrency: job.concurrency, retryConfig: { retries: 0 } });
  const lane = async (id: number, ms: number) => {
    const until = Date.now() + ms;
    let calls = 0;
    for (let i = id; Date.now() < until; i += 1) {
      if (i % 2 === 0) await web.chat.postMessage({ channel: job.channel, text: `bench ${process.pid} ${i}` });
      else await web.conversations.history({ channel: job.channel, limit: 20 });
      calls += 1;
    }
    return calls;
  };
  const lanes = async (ms: number) => (await Promise.all(Array.from({ length: job.concurrency }, (_, id) => lane(id, ms)))).reduce((a, b) => a + b, 0);
  await lanes(job.warmupMs);
  process.send?.('ready');
  await new Promise((resolve) => process.once('message', resolve));
  process.send?.({ calls: await lanes(job.ms) });
  process.disconnect?.();
}

if (process.argv.includes(CLIENT)) await client();

function option(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(`--${name}`);
  const value = at >= 0 ? Number(args[at + 1]) : fallback;
  return Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
}

const next = <T>(child: ChildProcess) => new Promise<T>((resolve) => child.once('message', (m) => resolve(m as T)));

export async function run(args: string[]): Promise<void> {
  const seconds = option(args, 'seconds', 5);
  const clients = option(args, 'clients', 2);
  const concurrency = option(args, 'concurrency', 16);
  const slack = await startLocalSlack({ rateLimits: 'off' });
  const children = Array.from({ length: clients }, () => fork(fileURLToPath(import.meta.url), [CLIENT], { stdio: 'inherit' }));
  try {
    const job: Job = { apiUrl: slack.apiUrl, botToken: slack.botToken, channel: slack.channel, concurrency, warmupMs: 1000, ms: seconds * 1000 };
    const ready = children.map((child) => next(child));
    for (const child of children) child.send(job);
    await Promise.all(ready);
    const results = children.map((child) => next<{ calls: number }>(child));
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (const child of children) child.send('go');
    const calls = (await Promise.all(results)).reduce((sum, r) => sum + r.calls, 0);
    const elapsed = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    report(args, {
      benchmark: 'emulator',
      callsPerSecond: Math.round(calls / elapsed),
      calls,
      seconds: Number(elapsed.toFixed(2)),
      clients,
      concurrency,
      methods: ['chat.postMessage', 'conversations.history'],
      localSlackCpuMsPerCall: Number(((cpuSeconds / calls) * 1000).toFixed(3)),
      localSlackCallsPerCpuSecond: Math.round(calls / cpuSeconds),
      cpus: os.cpus().length,
      loadAverage: Number(os.loadavg()[0]?.toFixed(2)),
      node: process.version,
    });
  } finally {
    for (const child of children) child.kill();
    await slack.close();
  }
}

function report(args: string[], result: Record<string, unknown>): void {
  if (args.includes('--json')) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  process.stdout.write(
    `local Slack: ${result.callsPerSecond} calls/s (${result.calls} calls in ${result.seconds} s; ${result.clients} client processes × ${result.concurrency} in flight; ${result.cpus} CPUs, load ${result.loadAverage})\n` +
      `local Slack CPU: ${result.localSlackCpuMsPerCall} ms per call (${result.localSlackCallsPerCpuSecond} calls per CPU-second)\n`,
  );
}
