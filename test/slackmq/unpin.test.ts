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

/** pins.remove answers from `removes` in turn (an Error is thrown); pins.list shows `listed`. */
function site(removes: (Error | 'ok')[], listed: { created: number } | undefined, c = clock(), deadlineMs?: number) {
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
        return { ok: true, items: listed ? [{ type: 'message', created: listed.created, message: { ts: '1800000000.000100' } }] : [] };
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
