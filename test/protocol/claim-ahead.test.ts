import assert from 'node:assert/strict';
import { test } from 'node:test';
import { claimDue, claimOnRelease, threadBefore } from '../../src/protocol/claim-ahead.js';
import { nextAction } from '../../src/protocol/next-action.js';
import { reduceFleet } from '../../src/protocol/reduce-fleet.js';
import { reduceRollout } from '../../src/protocol/reduce-rollout.js';
import { COMMAND_TS, roster, SHA1, SHA2, Thread } from './fixtures.js';

/** The same thread, to go on differently. */
const copy = (thread: Thread): Thread => Object.setPrototypeOf(structuredClone(thread), Thread.prototype) as Thread;

/** The roster as read while web-1 was in its turn. */
const duringTurn = (now: number) => reduceFleet(roster(now, { 'web-1': { state: 'updating' }, 'web-2': {}, 'web-3': {} }), now);

/** web-1 holds the lock and updates; web-2, next in line, has worked out its claim for when web-1 releases. */
function web1Updating() {
  const thread = new Thread();
  thread.plan();
  const token = thread.claim('web-1');
  const now = thread.t + 1;
  const ahead = claimOnRelease(reduceRollout(thread.messages, { now }), duringTurn(now), 'web-2', now);
  assert.ok(ahead);
  return { thread, token, now, ahead };
}

test('next in line works out, during the turn ahead, the claim it makes when that turn ends', () => {
  const thread = new Thread();
  thread.plan();
  const token = thread.claim('web-1');
  const now = thread.t + 1;
  const state = reduceRollout(thread.messages, { now });
  const ahead = claimOnRelease(state, duringTurn(now), 'web-2', now);
  assert.deepEqual(ahead, { kind: 'claim', purpose: 'update', slot: 0, messageTs: COMMAND_TS, sha: SHA2, fromSha: undefined, leaseS: 120, healthDeadlineS: 60, soakS: 10 });
  assert.equal(claimOnRelease(state, duringTurn(now), 'web-3', now), undefined, 'web-3 is not next');
  assert.equal(claimOnRelease(state, duringTurn(now), 'web-1', now), undefined, 'the holder itself');
  // Once web-1 has posted its done, the claim is the same until it releases.
  thread.add('done', { host: 'web-1', sha: SHA2, from_sha: SHA1, token });
  const doneNow = thread.t + 1;
  assert.deepEqual(claimOnRelease(reduceRollout(thread.messages, { now: doneNow }), duringTurn(now), 'web-2', doneNow), ahead);
  // It is the claim the thread asks for once web-1 has released, on the same roster view.
  thread.release('web-1', token);
  const after = thread.t + 1;
  assert.deepEqual(nextAction(reduceRollout(thread.messages, { now: after }), duringTurn(now), 'web-2', after), ahead);
});

test('nothing is worked out ahead of a canary (it soaks and waits for promote) or while another host is down', () => {
  const canary = new Thread('deploy canary v2');
  canary.plan({ mode: 'canary' });
  canary.claim('web-1');
  const now = canary.t + 1;
  assert.equal(claimOnRelease(reduceRollout(canary.messages, { now }), duringTurn(now), 'web-2', now), undefined);
  const rolling = new Thread();
  rolling.plan();
  rolling.claim('web-1');
  const down = reduceFleet(roster(now, { 'web-1': { state: 'updating' }, 'web-2': {}, 'web-3': { ageS: 45 } }), now);
  assert.equal(claimOnRelease(reduceRollout(rolling.messages, { now }), down, 'web-2', now), undefined, 'the peer guard holds web-2 back');
});

test('a claim made without a look is due only if the thread, read after it, asks for it', () => {
  const { thread, token, now, ahead } = web1Updating();
  const judge = (t: Thread) => claimDue(reduceRollout(t.messages, { now: t.t + 1 }), duringTurn(now), 'web-2', t.t + 1, ahead);

  const done = copy(thread);
  done.add('done', { host: 'web-1', sha: SHA2, from_sha: SHA1, token });
  done.release('web-1', token);
  assert.deepEqual(judge(done), { due: true });

  const failed = copy(thread);
  failed.add('failed', { host: 'web-1', reason: 'health check failed', token });
  failed.release('web-1', token, 'failed');
  const verdict = judge(failed);
  assert.equal(verdict.due, false);
  assert.match(JSON.stringify(verdict), /failed/, 'the turn ahead failed: the rollout halts instead');

  const paused = copy(done);
  paused.add('paused', { by: 'U0ALICE' });
  const held = judge(paused);
  assert.equal(held.due, false);
  assert.match(held.due ? '' : JSON.stringify(held.action), /paused/);
});

test('a claim is judged on the thread up to it: another host\'s claim after it does not make it undue', () => {
  const { thread, token, now, ahead } = web1Updating();
  thread.add('done', { host: 'web-1', sha: SHA2, from_sha: SHA1, token });
  thread.release('web-1', token);
  const mine = thread.claim('web-2');
  thread.claim('web-3');
  const judge = (messages: typeof thread.messages) => claimDue(reduceRollout(messages, { now: thread.t + 1 }), duringTurn(now), 'web-2', thread.t + 1, ahead);
  assert.deepEqual(judge(threadBefore(thread.messages, mine)), { due: true });
  assert.equal(judge(thread.messages.filter((m) => m.ts !== mine)).due, false, 'with only its own claim left out, web-3\'s late claim would look current');
});
