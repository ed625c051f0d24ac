import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RolloutThread, type ThreadMessage, type ThreadPorts } from '../../src/agent/rollout/rollout-thread.js';
import { fullReadSpacingMs, idlePollRoundS, paceMs, queueTurnS, turnSpacingS, watchPlace, watchRoom } from '../../src/agent/rollout/rollout-pace.js';
import { SlackNow } from '../../src/agent/rollout/slack-now.js';
import { ThreadWatch } from '../../src/agent/rollout/thread-watch.js';
import type { RolloutAction } from '../../src/protocol/index.js';

const CHANNEL = 'C0FLEET';
const TS = '1700000000.000100';

/** A thread whose command message (as conversations.history shows it) the test sets. */
function fakeThread() {
  const parent: ThreadMessage = { ts: TS, text: 'deploy rolling v2', pinned_to: [CHANNEL], latest_reply: '1700000001.000100' };
  let historyCalls = 0;
  let pinsCalls = 0;
  const ports = {
    chat: { postMessage: async () => ({ ok: true, ts: '1700000009.000100' }) },
    conversations: {
      history: async () => {
        historyCalls += 1;
        return { ok: true, messages: [{ ...parent }] };
      },
      replies: async () => ({ ok: true, messages: [] }),
    },
    pins: {
      list: async () => {
        pinsCalls += 1;
        return { ok: true, items: parent.pinned_to?.length ? [{ type: 'message', message: { ts: TS } }] : [] };
      },
    },
  } as unknown as ThreadPorts;
  return { parent, thread: new RolloutThread(ports, CHANNEL, TS, new SlackNow()), calls: () => historyCalls, pinsCalls: () => pinsCalls };
}

const read = (parent: ThreadMessage): ThreadMessage[] => [{ ...parent }, { ts: parent.latest_reply ?? TS, text: 'claim' }];

test('while another host holds the lock, only the pin matters, looked at through history and pins.list in turn', async () => {
  const { parent, thread, calls, pinsCalls } = fakeThread();
  const watch = new ThreadWatch(thread, 60_000);
  assert.equal((await watch.look()).kind, 'moved', 'nothing read yet: read in full');
  watch.read(read(parent), true);
  assert.equal(watch.pinOnly, true);
  parent.latest_reply = '1700000002.000100';
  assert.equal((await watch.look()).kind, 'unchanged', 'a new reply from the holder changes nothing for the next host');
  assert.equal((await watch.look()).kind, 'unchanged');
  assert.deepEqual([calls(), pinsCalls()], [1, 1], 'one look each way');
  parent.pinned_to = [];
  parent.latest_reply = '1700000004.000100';
  assert.deepEqual(await watch.look(), { kind: 'pin-gone', latestReply: '1700000004.000100' }, 'the pin removed: the turn ahead is over (seen through history: the release is the latest reply)');
  assert.deepEqual(await watch.look(), { kind: 'pin-gone' }, 'seen through pins.list: no reply is known');
});

test('a look that fails is not taken for the pin going', async () => {
  const { parent } = fakeThread();
  const refuse = async () => Promise.reject(new Error('An API error occurred: ratelimited'));
  const ports = { conversations: { history: refuse, replies: refuse }, pins: { list: refuse } } as unknown as ThreadPorts;
  const watch = new ThreadWatch(new RolloutThread(ports, CHANNEL, TS, new SlackNow()), 60_000);
  watch.read(read(parent), true);
  assert.deepEqual(await watch.look(), { kind: 'moved' });
  assert.deepEqual(await watch.look(), { kind: 'moved' });
});

test('a thread read with no pin is not watched for the pin alone', () => {
  const { parent, thread } = fakeThread();
  parent.pinned_to = [];
  const watch = new ThreadWatch(thread, 60_000);
  watch.read(read(parent), true);
  assert.equal(watch.pinOnly, false);
});

test('with the lock not held by another, a new reply or a pin change means read in full', async () => {
  const { parent, thread } = fakeThread();
  const watch = new ThreadWatch(thread, 60_000);
  watch.read(read(parent), false);
  assert.equal((await watch.look()).kind, 'unchanged');
  parent.latest_reply = '1700000003.000100';
  assert.equal((await watch.look()).kind, 'moved');
  watch.read(read(parent), false);
  parent.pinned_to = [];
  assert.equal((await watch.look()).kind, 'moved');
});

test('a socket hint or the full-read interval forces a full read without looking; a hint while only the pin matters, a look through history', async () => {
  const { parent, thread, calls, pinsCalls } = fakeThread();
  const watch = new ThreadWatch(thread, 60_000);
  watch.read(read(parent), false);
  watch.hint();
  assert.equal((await watch.look()).kind, 'moved');
  assert.equal(calls(), 0);
  const next = new ThreadWatch(thread, 60_000);
  next.read(read(parent), true);
  next.hint();
  assert.equal((await next.look()).kind, 'unchanged', 'the pin is still there');
  parent.pinned_to = [];
  next.hint();
  assert.deepEqual(await next.look(), { kind: 'pin-gone', latestReply: parent.latest_reply }, 'both hinted looks went through history');
  assert.deepEqual([calls(), pinsCalls()], [2, 0]);
  parent.pinned_to = [CHANNEL];
  const stale = new ThreadWatch(thread, 0);
  stale.read(read(parent), true);
  assert.equal((await stale.look()).kind, 'moved');
  assert.equal(calls(), 2, 'no look: the interval asks for a full read');
});

const wait = (reason: string, place?: number): RolloutAction => ({ kind: 'wait', pollS: 2, reason, ...(place ? { place } : {}) });

test('pace: the host next in line watches on two allowances; hosts further back look less often; the rest split what is left', () => {
  const input = { pollS: 2, fleetSize: 10, rateScale: 1 };
  const next = paceMs({ ...input, action: wait('web-1 is updating', 1), watch: { place: 1, pinOnly: true } });
  const nextHistoryOnly = paceMs({ ...input, action: wait('web-1 is updating', 1), watch: { place: 1, pinOnly: false } });
  const second = paceMs({ ...input, action: wait('web-1 is updating', 2), watch: { place: 2, pinOnly: false } });
  assert.equal(next, Math.ceil(60_000 / (50 * 0.3 + 20 * 0.75)), 'about 2 s');
  assert.ok(next < nextHistoryOnly && next < second);
  assert.equal(second, Math.ceil(60_000 / (50 * 0.35)), 'place 2 must see place 1 claim before a short turn ends');
  assert.equal(paceMs({ ...input, action: { kind: 'wait', pollS: 2, reason: 'peer guard: web-1 not fresh and healthy', onRoster: true } }), Math.ceil(60_000 / (50 * 0.15)), 'a host held back by the roster is about to go');
  const third = paceMs({ ...input, action: wait('web-1 is updating', 3) });
  const sixth = paceMs({ ...input, action: wait('web-1 is updating', 6) });
  // Ten hosts: 24 queue looks in the share of the burst (12.5) and of 10 turns at the rate: 5.52 s a turn.
  assert.equal(queueTurnS(10, 50).toFixed(2), '5.52');
  assert.equal(third, Math.ceil(0.75 * 2 * queueTurnS(10, 50) * 1000), 'place 3 looks when ¾ of two of the queue\'s turns have passed');
  assert.equal(sixth, Math.ceil(0.75 * 5 * queueTurnS(10, 50) * 1000), 'place p looks after ¾ (p − 1) turns');
  const sixthOf30 = paceMs({ ...input, fleetSize: 30, action: wait('web-1 is updating', 6) });
  assert.ok(sixthOf30 > sixth, 'a longer rollout leans less on the burst');
  assert.ok(sixthOf30 <= Math.ceil(0.75 * 5 * 3 * (60_000 / (50 * 0.25))), 'never slower than three looks a turn at the queue\'s rate');
  assert.equal(paceMs({ ...input, fleetSize: 30, planSize: 10, action: wait('web-1 is updating', 6) }), sixth, 'the rollout\'s hosts count, not the fleet\'s');
  assert.equal(paceMs({ ...input, fleetSize: 4, action: wait('web-1 is updating', 3) }), 0, 'four hosts: the burst covers the queue; the turns\' own pace decides');
  assert.equal(paceMs({ ...input, action: { kind: 'post-plan' } }), 0, 'the plan\'s poster, usually first in line, looks again at the fast poll');
  assert.equal(paceMs({ ...input, action: { kind: 'halt', code: 'error', reason: 'x' } }), Math.ceil(60_000 / (50 * 0.15)));
  const finished: RolloutAction = { kind: 'wait', pollS: 30, reason: 'web-1 is done', finished: true };
  const done10 = paceMs({ ...input, action: finished });
  const done30 = paceMs({ ...input, fleetSize: 30, action: finished });
  assert.equal(done30, 3 * done10, 'the finished hosts share is split across the fleet');
  const other = paceMs({ ...input, action: wait('another host posts the plan') });
  assert.ok(other < done10, 'a host with its part still to come looks more often than one whose part is over');
  assert.equal(paceMs({ ...input, rateScale: 20, action: wait('x', 1), watch: { place: 1, pinOnly: true } }), Math.ceil(next / 20), 'the local Slack scaled 20×');
});

test('hosts next in line watch; a wait on the roster or further back does not', () => {
  assert.equal(watchPlace(wait('web-1 is updating', 1)), 1);
  assert.equal(watchPlace(wait('web-1 is updating', 2)), 2);
  assert.equal(watchPlace(wait('web-1 is updating', 3)), undefined);
  assert.equal(watchPlace({ kind: 'wait', pollS: 2, reason: 'peer guard: web-1 not fresh and healthy', onRoster: true, place: 1 }), undefined);
  assert.equal(watchPlace(wait('web-1 is done')), undefined);
  assert.equal(watchPlace({ kind: 'none', reason: 'the rollout is done' }), undefined);
});

test('the watchers get what the channel polls leave: less when most of the fleet is not in the plan', () => {
  assert.equal(watchRoom(10, 10), 1, 'a whole fleet in the plan polls the channel at its following share: the watchers get all of theirs');
  assert.ok(watchRoom(30, 10) < 1, 'twenty idle hosts poll the channel at the idle share');
  assert.ok(watchRoom(30, 3) < watchRoom(30, 10));
  assert.ok(watchRoom(1000, 2) > 0, 'never nothing: a watcher always looks');
  assert.ok(watchRoom(10, 10, false) < 1, 'just after the command, the hosts of the plan may still poll at the idle share');
  assert.equal(watchRoom(10, 10, false).toFixed(3), (0.3 / 0.65).toFixed(3), 'the first hosts of the roster lead the plan: their idle bonus is not counted');
  assert.equal(watchRoom(30, 0).toFixed(3), ((0.9 - 0.6 - 0.09) / 0.65).toFixed(3), 'a plan of none leaves them idle, with their bonus');
  const early = { pollS: 2, rateScale: 1, fleetSize: 30, planSize: 30, action: wait('web-1 is updating', 1), watch: { place: 1, pinOnly: false } };
  const round = idlePollRoundS(30, 1);
  assert.equal(round, (30 * 60) / (50 * 0.6), 'every idle agent polls once in 60 s at N = 30');
  assert.ok(paceMs({ ...early, sinceCommandS: round - 1 }) > paceMs({ ...early, sinceCommandS: round }));
  const input = { pollS: 2, rateScale: 1, action: wait('web-1 is updating', 1), watch: { place: 1, pinOnly: false } };
  assert.ok(paceMs({ ...input, fleetSize: 30, planSize: 10 }) > paceMs({ ...input, fleetSize: 30, planSize: 30 }));
});

test('place 2 reads in full at most every few seconds; place 1 at once', () => {
  assert.equal(fullReadSpacingMs(1, 1), 0);
  assert.equal(fullReadSpacingMs(undefined, 1), 0);
  assert.equal(fullReadSpacingMs(2, 1), Math.ceil(60_000 / (50 * 0.2)));
  assert.equal(fullReadSpacingMs(2, 20), Math.ceil(60_000 / (50 * 20 * 0.2)), 'the local Slack scaled 20×');
});

test('turn spacing: the host next in line reads no sooner after a claim than the turns\' reads sustain, the burst counted', () => {
  assert.equal(turnSpacingS(3, 50), 0, 'a small rollout fits in the burst');
  assert.equal(turnSpacingS(7, 50), 0, '28 reads: still the burst');
  assert.equal(turnSpacingS(10, 50).toFixed(2), '2.67', 'ten hosts: 40 reads, 30 at once and 22.5 a minute');
  assert.equal(turnSpacingS(30, 50).toFixed(2), '8.00', 'thirty: 120 reads');
  assert.equal(turnSpacingS(30, 50 * 20), 0, 'the local Slack scaled 20×');
});
