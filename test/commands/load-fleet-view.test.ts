import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startLocalSlack, type RunningLocalSlack } from '../../src/emulator/index.js';
import { CallMeter } from '../../src/view/call-meter.js';
import { createMeteredClient } from '../../src/view/metered-client.js';
import { loadFleetView } from '../../src/view/load-fleet-view.js';
import { retryConfig, seedRollingFleet, type SeededFleet } from './seed-fleet.js';

describe('loadFleetView against the local Slack', () => {
  let slack: RunningLocalSlack;
  let seeded: SeededFleet;
  const meter = new CallMeter(0.2);

  before(async () => {
    slack = await startLocalSlack({ rateLimits: 'off' });
    seeded = await seedRollingFleet(slack);
  });
  after(() => slack.close());

  it('reduces the roster, the rollout thread and the pins as the agents would', async () => {
    const client = createMeteredClient({ token: slack.botToken, apiUrl: slack.apiUrl, meter, retryConfig });
    const view = await loadFleetView(client, slack.channel);
    assert.deepEqual(view.fleet.map((h) => [h.host, h.state, h.link, h.role]), [
      ['web-1', 'healthy', 'socket', 'done'],
      ['web-2', 'updating', 'socket', 'holder'],
      ['web-3', 'healthy', 'poll', 'next'],
    ]);
    const [rollout] = view.rollouts;
    assert.equal(rollout?.ts, seeded.rolloutTs);
    assert.deepEqual([rollout?.phase, rollout?.done, rollout?.total, rollout?.current], ['running', 1, 3, 'web-2']);
    assert.deepEqual(rollout?.steps.map((s) => s.status), ['done', 'updating', 'pending']);
    const lock = view.locks.find((l) => l.ts === seeded.rolloutTs);
    assert.deepEqual([lock?.kind, lock?.status, lock?.holder, lock?.token], ['rollout', 'held', 'web-2', seeded.token]);
    const person = view.locks.find((l) => l.ts === seeded.personPinTs);
    assert.deepEqual([person?.kind, person?.pinnedBy], ['person', slack.users.alice]);
    assert.ok(view.feed.some((f) => f.kind === 'done' && f.host === 'web-1'));
  });

  it('counts its own calls per method through the client', () => {
    const rows = new Map(meter.rows(Date.now()).map((r) => [r.method, r.perMinute]));
    assert.equal(rows.get('conversations.history'), 1);
    assert.equal(rows.get('pins.list'), 1);
    // The roster, the rollout thread, the person's pin thread.
    assert.equal(rows.get('conversations.replies'), 3);
  });
});
