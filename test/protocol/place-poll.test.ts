import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_ACTION_OPTIONS, nextAction } from '../../src/protocol/next-action.js';
import { reduceFleet } from '../../src/protocol/reduce-fleet.js';
import { reduceRollout } from '../../src/protocol/reduce-rollout.js';
import type { RolloutAction } from '../../src/protocol/rollout-action.js';
import { roster, SHA1, SHA2, Thread } from './fixtures.js';

const HOSTS = ['web-1', 'web-2', 'web-3', 'web-4', 'web-5', 'web-6'];
const { fastPollS, slowPollS } = DEFAULT_ACTION_OPTIONS;

function pollOf(thread: Thread, host: string): number {
  const now = thread.t + 1;
  const fleet = reduceFleet(roster(now, Object.fromEntries(HOSTS.map((h) => [h, {}]))), now);
  const action: RolloutAction = nextAction(reduceRollout(thread.messages, { now }), fleet, host, now);
  assert.equal(action.kind, 'wait', `${host} waits`);
  return action.kind === 'wait' ? action.pollS : -1;
}

/** web-1 finishes a turn of `turnS` seconds; web-2 claims. */
function afterOneTurn(turnS: number): Thread {
  const thread = new Thread();
  thread.plan({ order: HOSTS });
  const token = thread.claim('web-1');
  thread.t += turnS;
  thread.add('done', { host: 'web-1', sha: SHA2, from_sha: SHA1, token });
  thread.release('web-1', token);
  thread.claim('web-2');
  return thread;
}

test('only the host next in line polls fast; hosts further back poll less often the further back they are', () => {
  const thread = afterOneTurn(8);
  const polls = ['web-3', 'web-4', 'web-5', 'web-6'].map((h) => pollOf(thread, h));
  assert.equal(polls[0], fastPollS, 'web-3 is next');
  for (let i = 1; i < polls.length; i++) assert.ok(polls[i]! > polls[i - 1]!, `place ${i + 1} polls less often than place ${i}: ${polls.join(', ')}`);
});

test('a host further back looks again before the turns ahead of it can have passed, never slower than the slow poll', () => {
  const thread = afterOneTurn(8);
  // One turn took 9 s (claim to done); web-5 has two turns to wait after web-3's.
  const web5 = pollOf(thread, 'web-5');
  assert.ok(web5 < 2 * 9, `web-5 looks again in ${web5} s, before two more turns`);
  assert.ok(web5 > fastPollS);
  const slow = afterOneTurn(120);
  assert.equal(pollOf(slow, 'web-6'), slowPollS);
});

test('between the holder\'s done and its release, the host next in line is at place 1 (it watches the pin)', () => {
  const thread = new Thread();
  thread.plan({ order: HOSTS });
  const token = thread.claim('web-1');
  thread.add('done', { host: 'web-1', sha: SHA2, from_sha: SHA1, token });
  const now = thread.t + 1;
  const fleet = reduceFleet(roster(now, Object.fromEntries(HOSTS.map((h) => [h, {}]))), now);
  const action = nextAction(reduceRollout(thread.messages, { now }), fleet, 'web-2', now);
  assert.deepEqual(action, { kind: 'wait', pollS: fastPollS, reason: 'lock slot 0 is held', place: 1 });
});
