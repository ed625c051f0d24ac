import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RolloutThread, type ThreadMessage, type ThreadPorts } from '../../src/agent/rollout/rollout-thread.js';
import { paceMs, watchesThread } from '../../src/agent/rollout/rollout-pace.js';
import { SlackNow } from '../../src/agent/rollout/slack-now.js';
import { ThreadWatch } from '../../src/agent/rollout/thread-watch.js';

const CHANNEL = 'C0FLEET';
const TS = '1700000000.000100';

/** A thread whose command message (as conversations.history shows it) the test sets. */
function fakeThread() {
  const parent: ThreadMessage = { ts: TS, text: 'deploy rolling v2', pinned_to: [CHANNEL], latest_reply: '1700000001.000100' };
  let historyCalls = 0;
  const ports = {
    chat: { postMessage: async () => ({ ok: true, ts: '1700000009.000100' }) },
    conversations: {
      history: async () => {
        historyCalls += 1;
        return { ok: true, messages: [{ ...parent }] };
      },
      replies: async () => ({ ok: true, messages: [] }),
    },
  } as unknown as ThreadPorts;
  return { parent, thread: new RolloutThread(ports, CHANNEL, TS, new SlackNow()), calls: () => historyCalls };
}

const read = (parent: ThreadMessage): ThreadMessage[] => [{ ...parent }, { ts: parent.latest_reply ?? TS, text: 'claim' }];

test('while another host holds the lock, only the pin matters: progress replies do not cost a full read', async () => {
  const { parent, thread, calls } = fakeThread();
  const watch = new ThreadWatch(thread, 60_000);
  assert.equal(await watch.unchanged(), false, 'nothing read yet: read in full');
  watch.read(read(parent), true);
  parent.latest_reply = '1700000002.000100';
  assert.equal(await watch.unchanged(), true, 'a new reply from the holder changes nothing for the next host');
  parent.pinned_to = [];
  assert.equal(await watch.unchanged(), false, 'the pin removed: the turn ahead is over');
  assert.equal(calls(), 2);
});

test('with the lock not held by another, a new reply or a pin change means read in full', async () => {
  const { parent, thread } = fakeThread();
  const watch = new ThreadWatch(thread, 60_000);
  watch.read(read(parent), false);
  assert.equal(await watch.unchanged(), true);
  parent.latest_reply = '1700000003.000100';
  assert.equal(await watch.unchanged(), false);
  watch.read(read(parent), false);
  parent.pinned_to = [];
  assert.equal(await watch.unchanged(), false);
});

test('a socket hint or the full-read interval forces a full read without looking', async () => {
  const { parent, thread, calls } = fakeThread();
  const watch = new ThreadWatch(thread, 60_000);
  watch.read(read(parent), true);
  watch.hint();
  assert.equal(await watch.unchanged(), false);
  assert.equal(calls(), 0);
  const stale = new ThreadWatch(thread, 0);
  stale.read(read(parent), true);
  assert.equal(await stale.unchanged(), false);
  assert.equal(calls(), 0);
});

test('pace: the host next in line watches within its share alone; the others split theirs by fleet size', () => {
  const base = { fastPollS: 2, rateScale: 1 };
  const watching = paceMs({ ...base, pollS: 2, watching: true, fleetSize: 30 });
  const next = paceMs({ ...base, pollS: 2, watching: false, fleetSize: 30 });
  const rest10 = paceMs({ ...base, pollS: 30, watching: false, fleetSize: 10 });
  const rest30 = paceMs({ ...base, pollS: 30, watching: false, fleetSize: 30 });
  assert.equal(watching, 4000, '30 % of 50 a minute for one host');
  assert.equal(next, 4000);
  assert.equal(rest30, 3 * rest10, 'the rest share is split across the fleet');
  assert.equal(paceMs({ ...base, rateScale: 20, pollS: 2, watching: true, fleetSize: 3 }), 200, 'the local Slack scaled 20×');
});

test('only a short wait on the thread is watched; a wait on the roster is not', () => {
  assert.equal(watchesThread({ kind: 'wait', pollS: 2, reason: 'web-1 is updating' }, 2), true);
  assert.equal(watchesThread({ kind: 'wait', pollS: 2, reason: 'peer guard: web-1 not fresh and healthy' }, 2), false);
  assert.equal(watchesThread({ kind: 'wait', pollS: 30, reason: 'web-1 goes first' }, 2), false);
  assert.equal(watchesThread({ kind: 'none', reason: 'the rollout is done' }, 2), false);
});
