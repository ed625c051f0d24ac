import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeProtocolRecord } from '../../src/protocol/records.js';
import { encodeRecord } from '../../src/slackmq/records.js';
import { buildView } from '../../src/view/build-view.js';
import { emptySnapshot, type ChannelSnapshot, type SlackMessage } from '../../src/view/snapshot.js';

const BOT = 'B0TROUPE01';
const OLD = '3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39';
const NEW = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const T0 = 1795788000;

let clock = 0;
function msg(record: { text: string; metadata: object }, thread?: string, author = BOT): SlackMessage {
  clock += 1;
  const ts = `${T0 + clock}.000100`;
  return { ts, thread_ts: thread, bot_id: author, text: record.text, metadata: record.metadata as SlackMessage['metadata'] };
}

function agent(host: string, state: 'healthy' | 'failed', beat: number, roster: string): SlackMessage {
  return msg(encodeProtocolRecord('agent', { host, agent_id: `${host}-a`, version: '0.4.1', sha: OLD, state, started: T0, heartbeat: beat, interval_s: 30, connection: 'socket' }), roster);
}

/** A channel where a canary failed its health check on web-1 and the rollout halted; web-3 went quiet. */
function haltedCanary(): ChannelSnapshot {
  clock = 0;
  const snapshot = emptySnapshot('C0OPS00001');
  snapshot.botId = BOT;
  snapshot.botUserId = 'U0BOT00001';
  const roster = msg(encodeProtocolRecord('roster', {}));
  snapshot.rosterTs = roster.ts;
  snapshot.threads.set(roster.ts, [roster, agent('web-1', 'failed', T0 + 100, roster.ts), agent('web-2', 'healthy', T0 + 100, roster.ts), agent('web-3', 'healthy', T0 + 2, roster.ts)]);
  const command: SlackMessage = { ts: `${T0 + 10}.000200`, user: 'U0ALICE001', text: 'deploy canary v0.5.0' };
  clock = 10;
  const plan = msg(encodeProtocolRecord('plan', { mode: 'canary', ref: 'v0.5.0', sha: NEW, order: ['web-1', 'web-2', 'web-3'], batch: 1, max_failures: 0, lease_s: 120, health_deadline_s: 30, soak_s: 60 }), command.ts);
  const claim = msg(encodeRecord('claim', { v: 1, host: 'web-1', nonce: 'n1', lease_s: 120, from_sha: OLD, to_sha: NEW }), command.ts);
  const reverted = msg(encodeProtocolRecord('reverted', { host: 'web-1', reason: 'health check failed: GET /healthz 503', sha: NEW, restored_sha: OLD, token: claim.ts }), command.ts);
  const release = msg(encodeRecord('release', { v: 1, host: 'web-1', nonce: 'n1', token: claim.ts, result: 'reverted' }), command.ts);
  const forged = msg(encodeProtocolRecord('done', { host: 'web-2', sha: NEW }), command.ts, 'B0OTHERAPP');
  snapshot.threads.set(command.ts, [command, plan, claim, reverted, release, forged]);
  snapshot.history = [command, roster];
  snapshot.updatedAt = T0 + 100;
  return snapshot;
}

describe('buildView: the channel through the agents’ reducers', () => {
  it('a halted canary: phase, reason, failures over budget, and the canary’s timeline in the thread’s words', () => {
    const view = buildView(haltedCanary(), T0 + 101);
    const [rollout] = view.rollouts;
    assert.equal(view.rollouts.length, 1);
    assert.deepEqual([rollout?.strategy, rollout?.phase, rollout?.failures, rollout?.maxFailures, rollout?.promotion], ['canary', 'halted', 1, 0, 'manual']);
    assert.match(rollout?.haltReason ?? '', /web-1/);
    assert.deepEqual(rollout?.steps.map((s) => s.status), ['reverted', 'pending', 'pending']);
    assert.ok(rollout?.steps[0]?.events.some((e) => /web-1 reverted .*health check failed: GET \/healthz 503/.test(e.text)), JSON.stringify(rollout?.steps[0]?.events));
  });

  it('ignores records another app wrote: web-2 is not done', () => {
    const view = buildView(haltedCanary(), T0 + 101);
    assert.equal(view.rollouts[0]?.done, 0);
    assert.ok(!view.feed.some((f) => f.host === 'web-2'));
  });

  it('the fleet: roles in the halted rollout (none for hosts it never reached), and a quiet host stale as the fleet reducer judges it', () => {
    const view = buildView(haltedCanary(), T0 + 101);
    assert.deepEqual(view.fleet.map((h) => [h.host, h.state, h.role, h.stale]), [
      ['web-1', 'failed', 'reverted', false],
      ['web-2', 'healthy', undefined, false],
      ['web-3', 'healthy', undefined, true],
    ]);
  });

  it('ages move with the clock alone: later, every host is stale and then lost', () => {
    const later = buildView(haltedCanary(), T0 + 2000);
    assert.ok(later.fleet.every((h) => h.stale));
    assert.ok(later.fleet.every((h) => h.state === 'lost'));
  });
});
