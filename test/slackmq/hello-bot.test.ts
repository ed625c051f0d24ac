import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SocketModeClient } from '@slack/socket-mode';
import { LogLevel } from '@slack/web-api';
import { withMessageLock } from '../../src/slackmq/index.js';
import { startHarness } from './local-slack.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The README's hello bot on three hosts (three Socket Mode connections of one app). Acks come
 * late on purpose, so every event is delivered again (retry_attempt 1), possibly to another host,
 * like duplicated events in real Slack: exactly one answer per `hello` anyway.
 */
test('the hello bot answers each hello exactly once from three hosts despite redelivered events', async () => {
  const h = await startHarness({ rateLimits: 'off', ackTimeoutMs: 200 });
  const hosts = ['web-1', 'web-2', 'web-3'];
  let deliveries = 0;
  const sockets = hosts.map((host) => {
    const web = h.client(host);
    const socket = new SocketModeClient({
      appToken: h.slack.appToken,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: h.slack.apiUrl, retryConfig: { retries: 2, factor: 1, minTimeout: 50, maxTimeout: 200 } },
    });
    socket.on('message', async ({ event, ack }: { event: { channel: string; ts: string; text?: string; subtype?: string; thread_ts?: string }; ack: () => Promise<void> }) => {
      deliveries += 1;
      if (event.subtype || event.thread_ts || !/^hello\b/i.test(event.text ?? '')) return void (await ack());
      await withMessageLock({ slack: web, channel: event.channel, ts: event.ts, host, leaseS: 5, timing: { lockDelayS: 1, graceS: 2 } }, async (lease) => {
        lease.assertHeld();
        await web.chat.postMessage({ channel: event.channel, thread_ts: event.ts, text: `hello from ${host}` });
      });
      await sleep(300);
      await ack();
    });
    return socket;
  });
  try {
    for (const socket of sockets) await socket.start();
    const hellos = [];
    for (let i = 0; i < 3; i++) hellos.push((await h.slack.postAsUser({ user: 'alice', text: `hello ${i}` })).ts);
    type Snap = { ts: string; thread_ts?: string; text?: string };
    const answersTo = (ts: string) => (h.slack.snapshot() as Snap[]).filter((m) => m.thread_ts === ts && /^hello from web-\d$/.test(m.text ?? ''));
    for (let waited = 0; waited < 10_000 && (deliveries < 6 || hellos.some((ts) => answersTo(ts).length === 0)); waited += 100) await sleep(100);
    await sleep(1000); // let late redeliveries run to the end
    assert.ok(deliveries >= 6, `events were redelivered (${deliveries} deliveries)`);
    for (const ts of hellos) {
      const answers = answersTo(ts);
      assert.equal(answers.length, 1, `answers to ${ts}: ${answers.map((a) => a.text).join(', ')}`);
      assert.equal(h.pinned(ts), false);
    }
  } finally {
    for (const socket of sockets) await socket.disconnect();
    await h.close();
  }
});
