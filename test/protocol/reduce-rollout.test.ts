import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reduceRollout } from '../../src/protocol/reduce-rollout.js';
import { COMMAND_TS, SHA1, SHA2, Thread, edited, ts } from './fixtures.js';

const statuses = (thread: Thread, now?: number) => Object.fromEntries(reduceRollout(thread.messages, { now }).hosts.map((h) => [h.host, h.status]));

test('a thread without a plan is pending; a plan alone is planned', () => {
  const thread = new Thread();
  const pending = reduceRollout(thread.messages);
  assert.equal(pending.phase, 'pending');
  assert.equal(pending.rolloutTs, COMMAND_TS);
  assert.equal(pending.commandBy, 'U0ALICE');
  thread.plan();
  const planned = reduceRollout(thread.messages);
  assert.equal(planned.phase, 'planned');
  assert.equal(planned.plan?.sha, SHA2);
  assert.deepEqual(planned.hosts.map((h) => [h.host, h.index, h.slot, h.status]), [['web-1', 0, 0, 'pending'], ['web-2', 1, 0, 'pending'], ['web-3', 2, 0, 'pending']]);
  assert.equal(planned.slots[0]?.messageTs, COMMAND_TS);
  assert.equal(planned.slots[0]?.lock.state, 'free');
});

test('a rolling rollout: claim, progress, done, release, and the holder comes from the lock', () => {
  const thread = new Thread();
  thread.plan();
  const token = thread.claim('web-1');
  thread.add('progress', { host: 'web-1', phase: 'building', sha: SHA2 });
  let state = reduceRollout(thread.messages);
  assert.equal(state.phase, 'running');
  assert.equal(state.hosts[0]?.status, 'updating');
  assert.equal(state.hosts[0]?.phase, 'building');
  assert.equal(state.hosts[0]?.fromSha, SHA1);
  assert.deepEqual(state.holders.map((c) => [c.host, c.token]), [['web-1', token]]);
  thread.add('done', { host: 'web-1', sha: SHA2, from_sha: SHA1, token });
  thread.release('web-1', token);
  state = reduceRollout(thread.messages);
  assert.equal(state.hosts[0]?.status, 'done');
  assert.equal(state.holders.length, 0);
  thread.update('web-2');
  thread.update('web-3');
  state = reduceRollout(thread.messages);
  assert.equal(state.phase, 'done');
  assert.deepEqual(state.hosts[0]?.timeline.map((e) => e.kind), ['claim', 'progress', 'done', 'release']);
});

test('a revert over the budget halts with the reason; within the budget it goes on', () => {
  const thread = new Thread();
  thread.plan({ max_failures: 1 });
  const token = thread.claim('web-1');
  thread.add('reverted', { host: 'web-1', reason: 'health check failed', sha: SHA2, restored_sha: SHA1, token });
  thread.release('web-1', token, 'reverted');
  let state = reduceRollout(thread.messages);
  assert.equal(state.failures, 1);
  assert.equal(state.phase, 'running');
  const token2 = thread.claim('web-2');
  thread.add('failed', { host: 'web-2', reason: 'working tree is dirty', token: token2 });
  state = reduceRollout(thread.messages);
  assert.equal(state.phase, 'halted');
  assert.equal(state.halt?.code, 'failures');
  assert.match(state.halt?.reason ?? '', /2 failures over a budget of 1: web-1 \(health check failed\), web-2 \(working tree is dirty\)/);
  assert.equal(state.haltRecorded, false);
  thread.add('halted', { code: 'failures', reason: 'over budget' });
  assert.equal(reduceRollout(thread.messages).haltRecorded, true);
});

test('retry clears the halt and gives failed hosts another turn, counting failures afresh', () => {
  const thread = new Thread();
  thread.plan();
  const token = thread.claim('web-1');
  thread.add('reverted', { host: 'web-1', reason: 'boom', sha: SHA2, restored_sha: SHA1, token });
  thread.release('web-1', token, 'reverted');
  thread.add('halted', { code: 'failures', reason: '1 failure' });
  assert.equal(reduceRollout(thread.messages).phase, 'halted');
  thread.add('retried', { by: 'U0ALICE' });
  const state = reduceRollout(thread.messages);
  assert.equal(state.phase, 'planned');
  assert.equal(state.failures, 0);
  assert.equal(state.epoch, 1);
  assert.equal(state.hosts[0]?.status, 'pending');
});

test('a holder past lease and lock delay is lost, and the rollout halts, before and after the break', () => {
  const thread = new Thread();
  thread.plan();
  const token = thread.claim('web-1');
  const claimAt = Number(token);
  assert.equal(reduceRollout(thread.messages, { now: claimAt + 100 }).phase, 'running');
  const late = reduceRollout(thread.messages, { now: claimAt + 120 + 15 + 1 });
  assert.equal(late.hosts[0]?.status, 'lost');
  assert.equal(late.phase, 'halted');
  assert.equal(late.halt?.code, 'lost');
  assert.equal(late.slots[0]?.lock.state, 'expired');
  thread.t = claimAt + 140;
  thread.lock('break', { host: 'web-2', nonce: 'nb', token, reason: 'lease expired' });
  const broken = reduceRollout(thread.messages);
  assert.equal(broken.hosts[0]?.status, 'lost');
  // slackmq reserves the lock for the winning breaker for its grace, then it is free.
  assert.equal(broken.slots[0]?.lock.state, 'reserved');
  assert.equal(reduceRollout(thread.messages, { now: thread.t + 31 }).slots[0]?.lock.state, 'free');
  assert.match(broken.halt?.reason ?? '', /lost host web-1/);
});

test('renewals (edits of the claim) keep a holder alive', () => {
  const thread = new Thread();
  thread.plan();
  const token = thread.claim('web-1');
  const i = thread.messages.findIndex((m) => m.ts === token);
  thread.messages[i] = edited(thread.messages[i]!, ts(Number(token) + 100));
  const state = reduceRollout(thread.messages, { now: Number(token) + 200 });
  assert.equal(state.hosts[0]?.status, 'updating');
  assert.equal(state.slots[0]?.lock.state, 'held');
});

test('canary: soaking, healthy, promote continues to the same sha; early promotes do nothing', () => {
  const thread = new Thread('deploy canary v2');
  thread.plan({ mode: 'canary' });
  thread.add('promoted', { by: 'U0ALICE' });
  const token = thread.claim('web-1');
  thread.add('progress', { host: 'web-1', phase: 'soaking' });
  assert.equal(reduceRollout(thread.messages).phase, 'canary-soaking');
  thread.add('canary_healthy', { host: 'web-1', sha: SHA2, soak_s: 10 });
  thread.add('done', { host: 'web-1', sha: SHA2, from_sha: SHA1, token });
  thread.release('web-1', token);
  let state = reduceRollout(thread.messages);
  assert.equal(state.phase, 'canary-healthy');
  assert.equal(state.promoted, false);
  assert.deepEqual(state.canary, { host: 'web-1', healthy: true });
  thread.add('promoted', { by: 'U0ALICE' });
  state = reduceRollout(thread.messages);
  assert.equal(state.promoted, true);
  assert.equal(state.phase, 'running');
});

test('aborting a canary rolls it back, then the rollout is aborted', () => {
  const thread = new Thread('deploy canary v2');
  thread.plan({ mode: 'canary' });
  thread.update('web-1');
  thread.add('aborted', { by: 'U0ALICE', reason: 'metrics look off' });
  let state = reduceRollout(thread.messages);
  assert.equal(state.phase, 'rolling-back');
  assert.deepEqual(state.rollbackQueue, ['web-1']);
  assert.match(state.halt?.reason ?? '', /aborted by U0ALICE: metrics look off/);
  const token = thread.claim('web-1');
  assert.equal(statuses(thread)['web-1'], 'rolling-back');
  thread.add('rolled_back', { host: 'web-1', sha: SHA1, from_sha: SHA2, token });
  thread.release('web-1', token, 'rolled back');
  state = reduceRollout(thread.messages);
  assert.equal(state.phase, 'aborted');
  assert.equal(state.hosts[0]?.status, 'rolled-back');
});

test('rollback returns the done hosts one at a time, last updated first', () => {
  const thread = new Thread();
  thread.plan();
  thread.update('web-1');
  thread.update('web-2');
  thread.add('rollback', { by: 'U0ALICE' });
  let state = reduceRollout(thread.messages);
  assert.equal(state.phase, 'rolling-back');
  assert.deepEqual(state.rollbackQueue, ['web-2', 'web-1']);
  const token = thread.claim('web-2');
  thread.add('rolled_back', { host: 'web-2', sha: SHA1, from_sha: SHA2, token });
  thread.release('web-2', token, 'rolled back');
  assert.deepEqual(reduceRollout(thread.messages).rollbackQueue, ['web-1']);
  const token1 = thread.claim('web-1');
  thread.add('failed', { host: 'web-1', reason: 'checkout failed', phase: 'rolling-back', token: token1 });
  state = reduceRollout(thread.messages);
  assert.equal(state.phase, 'halted');
  assert.match(state.halt?.reason ?? '', /rollback failed on web-1/);
});

test('pause and resume', () => {
  const thread = new Thread();
  thread.plan();
  thread.update('web-1');
  thread.add('paused', { by: 'U0ALICE' });
  assert.equal(reduceRollout(thread.messages).phase, 'paused');
  thread.add('resumed', { by: 'U0ALICE' });
  assert.equal(reduceRollout(thread.messages).phase, 'running');
});

test('batch 2: two slots, the second locked on its slot record, each with its own holder', () => {
  const thread = new Thread();
  thread.plan({ batch: 2, order: ['web-1', 'web-2', 'web-3', 'web-4'] });
  const slotTs = thread.add('slot', { index: 1 });
  thread.claim('web-1');
  thread.claim('web-2');
  const state = reduceRollout(thread.messages);
  assert.deepEqual(state.slots.map((s) => [s.index, s.messageTs, s.lock.state]), [[0, COMMAND_TS, 'held'], [1, slotTs, 'held']]);
  assert.deepEqual(state.holders.map((c) => c.host).sort(), ['web-1', 'web-2']);
  assert.deepEqual(state.hosts.map((h) => h.slot), [0, 1, 0, 1]);
});

test('only the first plan counts, records before it are not replayed, and untrusted authors are ignored', () => {
  const thread = new Thread();
  thread.plan();
  thread.plan({ order: ['web-9'] });
  const forged = { ...thread.messages.at(-1)!, ts: ts(5000), bot_id: 'B0EVIL' };
  thread.messages.push({ ...forged, metadata: { event_type: 'troupe_aborted', event_payload: { v: 1, by: 'U0EVIL' } } });
  assert.equal(reduceRollout(thread.messages).plan?.order[0], 'web-1');
  assert.equal(reduceRollout(thread.messages).phase, 'aborted');
  assert.equal(reduceRollout(thread.messages, { trustedAuthor: 'B0BOT' }).phase, 'planned');
});

test('a command refused before any plan (a halted record, no plan) is halted with the reason', () => {
  const thread = new Thread('deploy rolling no-such-ref');
  thread.add('halted', { code: 'error', reason: 'no-such-ref is not a branch, tag or sha in origin' });
  const state = reduceRollout(thread.messages);
  assert.equal(state.phase, 'halted');
  assert.equal(state.haltRecorded, true);
  assert.match(state.halt?.reason ?? '', /no-such-ref/);
  thread.add('retried', { by: 'U0ALICE' });
  assert.equal(reduceRollout(thread.messages).phase, 'pending');
});

test('the command message is found whether or not it carries metadata of its own', () => {
  const thread = new Thread();
  thread.plan();
  const parent = { ...thread.messages[0]!, thread_ts: COMMAND_TS, metadata: { event_type: 'troupe_command', event_payload: { v: 1 } } };
  const state = reduceRollout([...thread.messages.slice(1), parent]);
  assert.equal(state.rolloutTs, COMMAND_TS);
  assert.equal(state.slots[0]?.messageTs, COMMAND_TS);
});
