import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SlackClock, SlackUnavailableError, type ClockPort, type SlackPorts } from '../../src/slackmq/index.js';
import { removeClosedPin } from '../../src/slackmq/unpin.js';
import type { LockSite } from '../../src/slackmq/thread.js';

const CLOSED_TS = '1800000070.637430';
const http = (statusCode: number) => Object.assign(new Error(String(statusCode)), { code: 'slack_webapi_http_error', statusCode, headers: {} });

/** A clock that moves only when slept on; `pauseMs` is added to every sleep (a paused process). */
function clock(pauseMs = 0): ClockPort {
  let now = 0;
  return { monotonicMs: () => now, sleep: async (ms) => void (now += ms + pauseMs) };
}

type Listed = { created: number } | undefined;

/** pins.remove answers from `removes` in turn (an Error is thrown); pins.list shows `listed` (or what it returns then). */
function site(removes: (Error | 'ok')[], listed: Listed | (() => Listed), c = clock(), deadlineMs?: number) {
  const calls: string[] = [];
  const slack = {
    pins: {
      remove: async () => {
        calls.push('pins.remove');
        const next = removes.shift() ?? 'ok';
        if (next !== 'ok') throw next;
        return { ok: true };
      },
      list: async () => {
        calls.push('pins.list');
        const pin = typeof listed === 'function' ? listed() : listed;
        return { ok: true, items: pin ? [{ type: 'message', created: pin.created, message: { ts: '1800000000.000100' } }] : [] };
      },
    },
  } as unknown as SlackPorts;
  const where: LockSite = {
    slack, channel: 'C1', ts: '1800000000.000100', clock: new SlackClock(c),
    call: { clock: c, random: { next: () => 0.5 }, retry: { maxAttempts: 4, baseMs: 100, maxMs: 1000, maxRateLimitWaits: 3 }, deadlineMs },
  };
  return { where, calls };
}

test('a removal whose answer was lost is not retried over a pin the next holder added since the close', async () => {
  const { where, calls } = site([http(503)], { created: 1800000071 });
  assert.equal(await removeClosedPin(where, CLOSED_TS), false);
  assert.deepEqual(calls, ['pins.remove', 'pins.list']);
});

test('a pin added in the second of the close may be the next holder\'s, and stays', async () => {
  const { where, calls } = site([http(503)], { created: 1800000070 });
  assert.equal(await removeClosedPin(where, CLOSED_TS), false);
  assert.deepEqual(calls, ['pins.remove', 'pins.list']);
});

test('the old pin, still there after a failed attempt, is removed by the next attempt', async () => {
  const { where, calls } = site([http(500)], { created: 1800000050 });
  assert.equal(await removeClosedPin(where, CLOSED_TS), true);
  assert.deepEqual(calls, ['pins.remove', 'pins.list', 'pins.remove']);
});

test('no pin after a failed attempt: that attempt removed it', async () => {
  const { where, calls } = site([http(503)], undefined);
  assert.equal(await removeClosedPin(where, CLOSED_TS), true);
  assert.deepEqual(calls, ['pins.remove', 'pins.list']);
});

test('no attempt starts past the deadline, even after a back-off a pause overran', async () => {
  const { where, calls } = site([http(500)], { created: 1800000050 }, clock(10_000), 5_000);
  await assert.rejects(removeClosedPin(where, CLOSED_TS), SlackUnavailableError);
  assert.deepEqual(calls, ['pins.remove']);
});

test('an answer that is not ok comes back as it did: no pin is no removal', async () => {
  const noPin = Object.assign(new Error('no_pin'), { code: 'slack_webapi_platform_error', data: { ok: false, error: 'no_pin' } });
  const { where, calls } = site([noPin], { created: 1800000050 });
  assert.equal(await removeClosedPin(where, CLOSED_TS), false);
  assert.deepEqual(calls, ['pins.remove']);
});

test('the winner of a pin\'s break removes that pin only: a pin added since is left, whoever added it', async () => {
  const broken = 1800000050;
  const newer = site([], { created: 1800000060 });
  assert.equal(await removeClosedPin(newer.where, CLOSED_TS, broken), false);
  assert.deepEqual(newer.calls, ['pins.list'], 'the pin broken was gone, and a contender pinned again before the break');
  const same = site([], { created: broken });
  assert.equal(await removeClosedPin(same.where, CLOSED_TS, broken), true);
  assert.deepEqual(same.calls, ['pins.list', 'pins.remove']);
  const gone = site([], undefined);
  assert.equal(await removeClosedPin(gone.where, CLOSED_TS, broken), true);
  assert.deepEqual(gone.calls, ['pins.list']);
});

test('after a failed attempt, the winner of a pin\'s break tries again only on that pin', async () => {
  const broken = 1800000050;
  // The attempt was applied, and a contender pinned again before the read that follows it.
  const { where, calls } = site([http(503)], () => ({ created: calls.includes('pins.remove') ? 1800000060 : broken }));
  assert.equal(await removeClosedPin(where, CLOSED_TS, broken), false);
  assert.deepEqual(calls, ['pins.list', 'pins.remove', 'pins.list']);
});
