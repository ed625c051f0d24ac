import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DeployHandler } from '../../src/agent/deploy-handler.js';
import { startAgent } from './helpers/one-agent.js';

const idleHandler = (): DeployHandler => ({ resume: async () => undefined, handle: async () => undefined, stop: async () => undefined });

async function until(what: string, probe: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('a rate-limited channel poll waits Retry-After and up to as much again, on its own: the heartbeat goes on, and nothing is logged as a failure', async () => {
  const { slack, lines, close } = await startAgent(idleHandler);
  try {
    await until('the agent to serve', () => lines.some((l) => l.startsWith('serving')));
    const history = () => slack.callLog().filter((c) => c.client === 'web-1' && c.method === 'conversations.history');
    const updates = () => slack.callLog().filter((c) => c.client === 'web-1' && c.method === 'chat.update').length;
    const before = history().length;
    const beatsBefore = updates();
    slack.setFaults({ rateLimitStorm: { seconds: 0.3, retryAfter: 2, methods: ['conversations.history'] } });
    await until('a poll to meet the storm', () => history().slice(before).some((c) => c.rateLimited));
    const limitedAt = history().slice(before).find((c) => c.rateLimited)!.time;
    await until('the next poll', () => history().some((c) => c.time > limitedAt && !c.rateLimited), 10_000);
    const next = history().find((c) => c.time > limitedAt)!;
    const waitedS = (next.time - limitedAt) / 1000;
    assert.ok(waitedS >= 1.9 && waitedS <= 5, `the poll came back ${waitedS.toFixed(2)} s after the 429 (Retry-After 2 s, plus up to as much again)`);
    assert.equal(history().filter((c) => c.time > limitedAt && c.rateLimited).length, 0, 'the client did not retry it in step with Retry-After');
    await until('a heartbeat meanwhile', () => updates() > beatsBefore, 10_000);
    assert.ok(!lines.some((l) => /reading the channel failed/.test(l)), 'a rate limit is not a failure');
    assert.ok(lines.some((l) => /rate limited on conversations.history; waiting 2 s/.test(l)), 'the 429 is logged once, with its wait');
  } finally {
    await close();
  }
});

test('a wake-up (a socket hint) inside the wait a 429 asked for does not read the channel before it ends', async () => {
  let wake: (() => void) | undefined;
  const { slack, lines, close } = await startAgent((services) => ((wake = services.wake), idleHandler()));
  try {
    await until('the agent to serve', () => lines.some((l) => l.startsWith('serving')));
    const history = () => slack.callLog().filter((c) => c.client === 'web-1' && c.method === 'conversations.history');
    const before = history().length;
    slack.setFaults({ rateLimitStorm: { seconds: 0.3, retryAfter: 2, methods: ['conversations.history'] } });
    await until('a poll to meet the storm', () => history().slice(before).some((c) => c.rateLimited));
    const limitedAt = history().slice(before).find((c) => c.rateLimited)!.time;
    // Hints every 100 ms through the wait, as thread events under an unread command would come.
    const hints = setInterval(() => wake?.(), 100);
    try {
      await until('the next poll', () => history().some((c) => c.time > limitedAt && !c.rateLimited), 10_000);
    } finally {
      clearInterval(hints);
    }
    const next = history().find((c) => c.time > limitedAt)!;
    const waitedS = (next.time - limitedAt) / 1000;
    assert.ok(waitedS >= 1.9, `the poll came back ${waitedS.toFixed(2)} s after the 429 (Retry-After 2 s), woken every 100 ms`);
  } finally {
    await close();
  }
});
