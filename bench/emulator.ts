import os from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { LogLevel, WebClient } from '@slack/web-api';
import { startLocalSlack } from '../src/emulator/index.js';

/**
 * Loopback throughput of the local Slack: chat.postMessage and conversations.history (limit 20)
 * through the official WebClient, rate limits off. The local Slack runs on the main thread, the
 * clients in `--workers` worker threads (default 1) with `--concurrency` calls in flight each
 * (default 16), for `--seconds` (default 5) after a one-second warm-up.
 *
 *   npm run bench -- emulator [--json] [--seconds 5] [--workers 1] [--concurrency 16]
 */
interface Job {
  apiUrl: string;
  botToken: string;
  channel: string;
  seconds: number;
  concurrency: number;
  id: number;
}

async function load(job: Job): Promise<{ calls: number; cpuSeconds: number }> {
  const web = new WebClient(job.botToken, { slackApiUrl: job.apiUrl, logLevel: LogLevel.ERROR, maxRequestConcurrency: job.concurrency, retryConfig: { retries: 0 } });
  const loop = async (until: number, lane: number, count: boolean) => {
    let calls = 0;
    for (let i = 0; Date.now() < until; i += 1) {
      if ((i + lane) % 2 === 0) await web.chat.postMessage({ channel: job.channel, text: `bench ${job.id}.${lane} ${i}` });
      else await web.conversations.history({ channel: job.channel, limit: 20 });
      if (count) calls += 1;
    }
    return calls;
  };
  const lanes = (ms: number, count: boolean) => Promise.all(Array.from({ length: job.concurrency }, (_, lane) => loop(Date.now() + ms, lane, count)));
  await lanes(1000, false);
  const cpu = process.cpuUsage();
  const calls = (await lanes(job.seconds * 1000, true)).reduce((a, b) => a + b, 0);
  const used = process.cpuUsage(cpu);
  return { calls, cpuSeconds: (used.user + used.system) / 1e6 };
}

if (!isMainThread) parentPort?.postMessage(await load(workerData as Job));

function option(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(`--${name}`);
  const value = at >= 0 ? Number(args[at + 1]) : fallback;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

function runWorker(job: Job): Promise<{ calls: number; cpuSeconds: number }> {
  return new Promise((resolve, reject) => {
    // Worker threads do not inherit the TypeScript loader: register it, then load this file.
    const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); });`;
    const worker = new Worker(bootstrap, { eval: true, workerData: job });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

export async function run(args: string[]): Promise<void> {
  const seconds = option(args, 'seconds', 5);
  const workers = option(args, 'workers', 1);
  const concurrency = option(args, 'concurrency', 16);
  const slack = await startLocalSlack({ rateLimits: 'off' });
  try {
    const results = await Promise.all(
      Array.from({ length: workers }, (_, id) => runWorker({ apiUrl: slack.apiUrl, botToken: slack.botToken, channel: slack.channel, seconds, concurrency, id })),
    );
    const calls = results.reduce((sum, r) => sum + r.calls, 0);
    const result = {
      benchmark: 'emulator',
      callsPerSecond: Math.round(calls / seconds),
      calls,
      seconds,
      workers,
      concurrency,
      methods: ['chat.postMessage', 'conversations.history'],
      cpus: os.cpus().length,
      loadAverage: Number(os.loadavg()[0]?.toFixed(2)),
      node: process.version,
    };
    if (args.includes('--json')) process.stdout.write(`${JSON.stringify(result)}\n`);
    else process.stdout.write(`local Slack: ${result.callsPerSecond} calls/s (${calls} calls in ${seconds} s; ${workers} client thread(s) × ${concurrency} in flight; ${result.cpus} CPUs, load ${result.loadAverage})\n`);
  } finally {
    await slack.close();
  }
}
