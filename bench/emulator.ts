import os from 'node:os';
import { LogLevel, WebClient } from '@slack/web-api';
import { startLocalSlack } from '../src/emulator/index.js';

/**
 * Loopback throughput of the local Slack: chat.postMessage and conversations.history through the
 * official WebClient, rate limits off, `--concurrency` calls in flight (default 32) for
 * `--seconds` (default 5) after a one-second warm-up.
 */
export async function run(args: string[]): Promise<void> {
  const option = (name: string, fallback: number) => {
    const at = args.indexOf(`--${name}`);
    const value = at >= 0 ? Number(args[at + 1]) : fallback;
    return Number.isFinite(value) && value > 0 ? value : fallback;
  };
  const seconds = option('seconds', 5);
  const concurrency = option('concurrency', 32);
  const slack = await startLocalSlack({ rateLimits: 'off' });
  const web = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, logLevel: LogLevel.ERROR, maxRequestConcurrency: concurrency, retryConfig: { retries: 0 } });
  let calls = 0;
  let counting = false;
  const worker = async (until: number, id: number) => {
    for (let i = 0; Date.now() < until; i += 1) {
      if ((i + id) % 2 === 0) await web.chat.postMessage({ channel: slack.channel, text: `bench ${id} ${i}` });
      else await web.conversations.history({ channel: slack.channel, limit: 20 });
      if (counting) calls += 1;
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, (_, id) => worker(Date.now() + 1000, id)));
    slack.reset();
    counting = true;
    const started = performance.now();
    await Promise.all(Array.from({ length: concurrency }, (_, id) => worker(Date.now() + seconds * 1000, id)));
    const elapsed = (performance.now() - started) / 1000;
    const result = {
      benchmark: 'emulator',
      callsPerSecond: Math.round(calls / elapsed),
      calls,
      seconds: Number(elapsed.toFixed(2)),
      concurrency,
      methods: ['chat.postMessage', 'conversations.history'],
      cpus: os.cpus().length,
      node: process.version,
    };
    if (args.includes('--json')) process.stdout.write(`${JSON.stringify(result)}\n`);
    else process.stdout.write(`local Slack: ${result.callsPerSecond} calls/s (${calls} calls in ${result.seconds} s, ${concurrency} in flight, ${result.cpus} CPUs)\n`);
  } finally {
    await slack.close();
  }
}
