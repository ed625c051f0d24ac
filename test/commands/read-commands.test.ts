import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startLocalSlack, type RunningLocalSlack } from '../../src/emulator/index.js';
import { runLocks } from '../../src/commands/locks.js';
import { runRollouts } from '../../src/commands/rollouts.js';
import { runStatus } from '../../src/commands/status.js';
import { CallMeter } from '../../src/view/call-meter.js';
import { locksJsonSchema, rolloutJsonSchema, rolloutsJsonSchema, statusJsonSchema } from '../../src/view/json-output.js';
import { createMeteredClient } from '../../src/view/metered-client.js';
import type { ReadDeps } from '../../src/view/read-deps.js';
import { troupe } from '../helpers/cli.js';
import { retryConfig, seedRollingFleet, type SeededFleet } from './seed-fleet.js';

describe('troupe status, locks and rollouts', () => {
  let slack: RunningLocalSlack;
  let seeded: SeededFleet;
  let out: string[];
  let err: string[];
  let deps: ReadDeps;

  before(async () => {
    slack = await startLocalSlack({ rateLimits: 'off' });
    seeded = await seedRollingFleet(slack);
  });
  after(() => slack.close());
  beforeEach(() => {
    out = [];
    err = [];
    const client = createMeteredClient({ token: slack.botToken, apiUrl: slack.apiUrl, meter: new CallMeter(0.2), retryConfig });
    deps = { slack: client, channel: slack.channel, out: (t) => out.push(t), err: (t) => err.push(t), now: () => Date.now() / 1000, width: 160 };
  });

  it('status --json: one array of hosts that matches the schema', async () => {
    await runStatus({ json: true }, deps);
    const hosts = statusJsonSchema.parse(JSON.parse(out.join('')));
    assert.deepEqual(hosts.map((h) => [h.host, h.role]), [['web-1', 'done'], ['web-2', 'holder'], ['web-3', 'next']]);
  });

  it('status: a table on stdout, one row per host', async () => {
    await runStatus({ json: false }, deps);
    const lines = out.join('').trimEnd().split('\n');
    assert.match(lines[0] ?? '', /^HOST\s+STATE\s+VERSION\s+HEARTBEAT\s+LINK\s+ROLLOUT$/);
    assert.match(lines[2] ?? '', /^web-2\s+updating\s+0\.4\.1 3f2a9c1\s+\d+s\s+socket\s+holder$/);
    assert.equal(lines.length, 4);
  });

  it('locks --json: the rollout lock with its holder and token, and the person’s pin', async () => {
    await runLocks({ json: true }, deps);
    const locks = locksJsonSchema.parse(JSON.parse(out.join('')));
    const rollout = locks.find((l) => l.ts === seeded.rolloutTs);
    assert.deepEqual([rollout?.kind, rollout?.status, rollout?.holder, rollout?.token], ['rollout', 'held', 'web-2', seeded.token]);
    assert.ok((rollout?.leaseLeftS ?? 0) > 60);
    const person = locks.find((l) => l.ts === seeded.personPinTs);
    assert.deepEqual([person?.kind, person?.pinnedBy, person?.holder], ['person', slack.users.alice, null]);
  });

  it('rollouts --json and rollouts TS --json match their schemas', async () => {
    await runRollouts({ json: true }, deps);
    const list = rolloutsJsonSchema.parse(JSON.parse(out.join('')));
    assert.deepEqual(list.map((r) => [r.ts, r.phase, r.done, r.total, r.current]), [[seeded.rolloutTs, 'running', 1, 3, 'web-2']]);
    out = [];
    await runRollouts({ json: true, ts: seeded.rolloutTs }, deps);
    const one = rolloutJsonSchema.parse(JSON.parse(out.join('')));
    assert.deepEqual(one.hosts.map((h) => h.status), ['done', 'updating', 'pending']);
    assert.ok(one.hosts[1]?.events.some((e) => e.text === 'web-2: building a1b2c3d4e5f6'), JSON.stringify(one.hosts[1]?.events));
  });

  it('rollouts TS: the timeline, host by host', async () => {
    await runRollouts({ json: false, ts: seeded.rolloutTs }, deps);
    const text = out.join('');
    assert.match(text, new RegExp(`rolling rollout ${seeded.rolloutTs.replace('.', '\\.')}: running`));
    assert.match(text, /\n {2}web-1: done\n/);
    assert.match(text, /\n {2}web-3: pending\n?/);
  });

  it('rollouts TS refuses what is not a ts, saying what to pass', async () => {
    await assert.rejects(runRollouts({ json: false, ts: 'yesterday' }, deps), /not a message ts .* copy it from `troupe rollouts`/);
  });

  describe('the real binary, against the local Slack', () => {
    const env = () => ({ SLACK_BOT_TOKEN: slack.botToken, SLACK_API_URL: slack.apiUrl, TROUPE_CONFIG: '' });

    it('prints exactly one JSON document per read command', async () => {
      for (const [args, schema] of [
        [['status', '--json'], statusJsonSchema],
        [['locks', '--json'], locksJsonSchema],
        [['rollouts', '--json'], rolloutsJsonSchema],
      ] as const) {
        const result = await troupe([...args, '--channel', slack.channel], { env: env() });
        assert.equal(result.exitCode, 0, String(result.stderr));
        schema.parse(JSON.parse(String(result.stdout)));
      }
    });

    it('prints [] for an empty channel, and its notes on stderr only', async () => {
      slack.reset();
      for (const command of ['status', 'locks', 'rollouts']) {
        const result = await troupe([command, '--json', '--channel', slack.channel], { env: env() });
        assert.equal(result.exitCode, 0, String(result.stderr));
        assert.equal(String(result.stdout).trim(), '[]');
      }
      const table = await troupe(['locks', '--channel', slack.channel], { env: env() });
      assert.equal(String(table.stdout), '');
      assert.match(String(table.stderr), /No pins: nothing is locked\./);
    });

    it('says what to set when there is no token or channel', async () => {
      const result = await troupe(['status'], { env: { SLACK_BOT_TOKEN: '', TROUPE_CONFIG: '' } });
      assert.equal(result.exitCode, 2);
      assert.match(String(result.stderr), /No Slack token: pass --config FILE .* or set SLACK_BOT_TOKEN/);
    });
  });
});
