import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Fleet, sleep } from './helpers/fleet.js';

test("with Slack's real rate tiers, three agents poll within their share and serve commands", { timeout: 240_000 }, async () => {
  const fleet = await Fleet.start({ hosts: ['web-1', 'web-2', 'web-3'], rateLimits: 'slack', rateScale: 1, minPollMs: 2000 }, 120_000);
  try {
    const all = await fleet.slack.postAsUser({ user: 'alice', text: 'run uptime on all' });
    const hosts = await fleet.slack.postAsUser({ user: 'alice', text: 'hosts' });
    await fleet.waitFor('outputs from every host', () => fleet.outputs(all.ts).length >= 3, 90_000);
    await fleet.waitFor('the fleet table', () => fleet.replies(hosts.ts).some((m) => /agents up/.test(m.text ?? '')), 60_000);
    await sleep(3000);
    assert.deepEqual(fleet.outputs(all.ts).sort(), ['web-1', 'web-2', 'web-3']);
    assert.equal(fleet.replies(hosts.ts).filter((m) => /agents up/.test(m.text ?? '')).length, 1);
    const calls = fleet.slack.callLog().filter((c) => c.client.startsWith('web-'));
    const limited = calls.filter((c) => c.rateLimited);
    const byMethod = new Map<string, number>();
    for (const c of limited) byMethod.set(c.method, (byMethod.get(c.method) ?? 0) + 1);
    // The polled and heartbeat methods are budgeted: a 429 there means the shares are wrong.
    for (const method of ['conversations.history', 'conversations.replies', 'chat.update']) {
      assert.equal(byMethod.get(method) ?? 0, 0, `${method} was rate limited: ${JSON.stringify([...byMethod])}`);
    }
  } finally {
    await fleet.stopAll();
  }
});
