import assert from 'node:assert/strict';
import { test } from 'node:test';
import { followEnd, progressLine } from '../../src/agent/rollout/follow-rollout.js';
import { postCommand } from '../../src/agent/rollout/post-command.js';
import { steerRefusal } from '../../src/agent/rollout/steer.js';
import { deployText, type DeployArgs } from '../../src/commands/deploy.js';
import { UsageError } from '../../src/errors.js';
import { reduceRollout } from '../../src/protocol/index.js';
import { record, SHA2, Thread } from '../protocol/fixtures.js';

const PLAN = { mode: 'rolling' as const, ref: 'v2', sha: SHA2, order: ['web-1', 'web-2'], batch: 1, max_failures: 0, lease_s: 15, health_deadline_s: 20, soak_s: 1 };

function planned(mode: 'rolling' | 'canary' = 'rolling'): Thread {
  const thread = new Thread(`deploy ${mode} v2`);
  thread.add('plan', { ...PLAN, mode });
  return thread;
}

const args = (over: Partial<DeployArgs>): DeployArgs => ({ action: 'rolling', wait: false, timeout: 60, ...over });

test('steering that does not apply is refused with the phase; what applies is not', () => {
  const thread = planned();
  const state = reduceRollout(thread.messages);
  assert.match(steerRefusal('promote', state) ?? '', /only a healthy canary can be promoted; this rollout is planned/);
  assert.match(steerRefusal('retry', state) ?? '', /only a halted or aborted rollout/);
  assert.match(steerRefusal('rollback', state) ?? '', /nothing to roll back/);
  assert.equal(steerRefusal('pause', state), undefined);
  assert.equal(steerRefusal('abort', state), undefined);
  thread.add('done', { host: 'web-1', sha: SHA2 });
  thread.add('reverted', { host: 'web-2', sha: SHA2, restored_sha: '1'.repeat(40), reason: 'health check failed' });
  const halted = reduceRollout(thread.messages);
  assert.equal(halted.phase, 'halted');
  assert.equal(steerRefusal('retry', halted), undefined);
  assert.equal(steerRefusal('rollback', halted), undefined);
  assert.match(steerRefusal('resume', halted) ?? '', /not paused/);
});

test('a rollout without a plan cannot be steered', () => {
  assert.match(steerRefusal('pause', reduceRollout(new Thread().messages)) ?? '', /no plan yet/);
});

test('--wait ends on done (ok), a halt (not ok, with the reason), a refusal before any plan, and a healthy canary (ok)', () => {
  const done = planned();
  done.add('done', { host: 'web-1', sha: SHA2 });
  done.add('done', { host: 'web-2', sha: SHA2 });
  assert.deepEqual(followEnd(reduceRollout(done.messages), done.messages, 'finish')?.ok, true);
  const halted = planned();
  halted.add('halted', { code: 'failures', reason: '1 failure over a budget of 0: web-1' });
  const end = followEnd(reduceRollout(halted.messages), halted.messages, 'finish');
  assert.equal(end?.ok, false);
  assert.match(end?.summary ?? '', /halted: 1 failure/);
  const refused = new Thread();
  refused.messages.push(record('1001.000000', 'halted', { code: 'error', reason: 'refused: v9 names no commit' }));
  assert.deepEqual(followEnd(reduceRollout(refused.messages), refused.messages, 'finish'), { ok: false, summary: 'refused: v9 names no commit' });
  const canary = planned('canary');
  canary.add('canary_healthy', { host: 'web-1', sha: SHA2, soak_s: 1 });
  assert.equal(followEnd(reduceRollout(canary.messages), canary.messages, 'finish')?.ok, true);
  assert.equal(followEnd(reduceRollout(planned().messages), planned().messages, 'finish'), undefined);
});

test('the progress line counts done hosts and names the one updating', () => {
  const thread = planned();
  thread.add('done', { host: 'web-1', sha: SHA2 });
  thread.add('progress', { host: 'web-2', phase: 'building' });
  assert.equal(progressLine(reduceRollout(thread.messages)), '[##########----------] 1/2 · running · web-2 building');
});

test('troupe deploy builds the channel command with the agents\' grammar', () => {
  assert.equal(deployText(args({ ref: 'v2', batch: 2, 'max-failures': 1, hosts: 'web-1, web-2' })), 'deploy rolling v2 batch 2 max-failures 1 hosts web-1,web-2');
  assert.equal(deployText(args({ action: 'canary', ref: 'v3' })), 'deploy canary v3');
  assert.equal(deployText(args({ action: 'promote' })), 'deploy promote');
  assert.throws(() => deployText(args({ ref: '-rf' })), UsageError);
  assert.throws(() => deployText(args({ action: 'canary', batch: 2 })), /go with `troupe deploy rolling` only/);
});

test('posting refuses --as against a real Slack and says how to post without a user token', async () => {
  await assert.rejects(postCommand({ apiUrl: 'https://slack.com/api/', channel: 'C1', as: 'alice' }, 'deploy plan'), /--as works only against a local Slack/);
  await assert.rejects(postCommand({ apiUrl: 'https://slack.com/api/', channel: 'C1' }, 'deploy plan'), /SLACK_USER_TOKEN.*bot token cannot deploy/);
});
