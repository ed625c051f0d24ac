import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startLocalSlack, type RunningLocalSlack } from '../../src/emulator/index.js';
import { CallBudget } from '../../src/view/call-budget.js';
import { CallMeter } from '../../src/view/call-meter.js';
import { ChannelReader } from '../../src/view/channel-reader.js';
import { createMeteredClient } from '../../src/view/metered-client.js';
import { allowance } from '../../src/view/tiers.js';
import { retryConfig, seedRollingFleet, type SeededFleet } from './seed-fleet.js';

describe('the dashboard’s channel reader', () => {
  let slack: RunningLocalSlack;
  let seeded: SeededFleet;

  before(async () => {
    slack = await startLocalSlack({ rateLimits: 'off' });
    seeded = await seedRollingFleet(slack);
  });
  after(() => slack.close());

  it('stays within its share of every tier over five minutes of polling every 3 s', async () => {
    let clock = Date.now();
    const meter = new CallMeter(0.2);
    const client = createMeteredClient({ token: slack.botToken, apiUrl: slack.apiUrl, meter, retryConfig, now: () => clock });
    const reader = new ChannelReader(client, slack.channel, new CallBudget(0.2), () => clock);
    const counts = new Map<string, number>();
    const started = clock;
    for (let i = 0; i < 100; i += 1) {
      await reader.refresh();
      clock += 3000;
    }
    for (const row of meter.rows(clock)) counts.set(row.method, row.perMinute);
    const minutes = (clock - started) / 60_000;
    const log = slack.callLog().filter((c) => c.client === 'dashboard' && c.method !== 'auth.test');
    for (const method of ['conversations.history', 'conversations.replies', 'pins.list']) {
      const calls = log.filter((c) => c.method === method).length;
      // The allowance per minute over the whole run, plus the starting burst.
      assert.ok(calls <= allowance(method, 0.2) * minutes + 4, `${method}: ${calls} calls in ${minutes} min`);
      assert.ok(calls >= allowance(method, 0.2) * minutes * 0.8, `${method} polled too little: ${calls}`);
      assert.ok((counts.get(method) ?? 0) <= allowance(method, 0.2), `${method}: ${counts.get(method)} in the last minute`);
    }
  });

  it('reads every due thread in turn when the budget is tight', async () => {
    let clock = Date.now();
    const client = createMeteredClient({ token: slack.botToken, apiUrl: slack.apiUrl, meter: new CallMeter(0.02), retryConfig });
    // A share of 1 call per minute per method: one thread per minute at most.
    const reader = new ChannelReader(client, slack.channel, new CallBudget(0.02, 1, 1), () => clock);
    const read: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const before = new Set(reader.snapshot.threads.keys());
      await reader.refresh();
      read.push(...[...reader.snapshot.threads.keys()].filter((k) => !before.has(k)));
      clock += 61_000;
    }
    assert.deepEqual(new Set(read), new Set([seeded.rosterTs, seeded.rolloutTs, seeded.personPinTs]));
  });

  it('keeps what it read and says what to do when Slack refuses', async () => {
    const client = createMeteredClient({ token: 'xoxb-not-a-real-token', apiUrl: slack.apiUrl, meter: new CallMeter(0.2), retryConfig });
    const reader = new ChannelReader(client, slack.channel, CallBudget.unlimited());
    const snapshot = await reader.refresh();
    assert.match(snapshot.error ?? '', /invalid_auth; check SLACK_BOT_TOKEN/);
    assert.doesNotMatch(snapshot.error ?? '', /not-a-real-token/);
  });

  it('finds a roster that scrolled past the newest page, as far back as the agents look', async () => {
    const busy = await startLocalSlack({ rateLimits: 'off' });
    try {
      const fleet = await seedRollingFleet(busy);
      for (let i = 0; i < 150; i += 1) await busy.postAsUser({ user: 'alice', text: `chatter ${i}` });
      const client = createMeteredClient({ token: busy.botToken, apiUrl: busy.apiUrl, meter: new CallMeter(0.2), retryConfig });
      const reader = new ChannelReader(client, busy.channel, CallBudget.unlimited());
      await reader.refresh();
      await reader.refresh();
      assert.equal(reader.snapshot.rosterTs, fleet.rosterTs);
      await reader.refresh();
      assert.ok((reader.snapshot.threads.get(fleet.rosterTs)?.length ?? 0) >= 4, 'the roster thread read');
    } finally {
      await busy.close();
    }
  });
});
