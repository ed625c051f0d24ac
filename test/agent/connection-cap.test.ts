import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Fleet, sleep } from './helpers/fleet.js';

test('eleven agents against the ten-connection cap: all serve, the one left out polls and says so', { timeout: 300_000 }, async () => {
  const hosts = Array.from({ length: 11 }, (_, i) => `web-${String(i + 1).padStart(2, '0')}`);
  // Eleven processes start slowly on a busy machine; the wait is generous, the assertions are not.
  const fleet = await Fleet.start({ hosts }, 180_000);
  try {
    const { ts } = await fleet.slack.postAsUser({ user: 'alice', text: 'run uptime on all' });
    await fleet.waitFor('eleven outputs', () => fleet.outputs(ts).length >= 11, 60_000);
    await sleep(2000);
    assert.deepEqual(fleet.outputs(ts).sort(), hosts);
    const roster = await fleet.waitFor('a poll-only agent in the roster', () => {
      const agents = fleet.messages().filter((m) => m.metadata?.event_type === 'troupe_agent');
      const poll = agents.filter((m) => m.metadata?.event_payload?.connection === 'poll');
      return agents.length === 11 && poll.length >= 1 && agents;
    });
    const sockets = roster.filter((m) => m.metadata?.event_payload?.connection === 'socket');
    assert.ok(sockets.length <= 10, `${sockets.length} agents say socket`);
    assert.match(fleet.logs(), /connections are taken; polling only/);
  } finally {
    await fleet.stopAll();
  }
});
