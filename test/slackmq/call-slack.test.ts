import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  callSlack,
  MissingScopeError,
  SlackAuthError,
  SlackCallError,
  SlackClock,
  SlackUnavailableError,
  type CallContext,
  type ClockPort,
} from '../../src/slackmq/index.js';

/** A clock that only moves when slept on. */
function manualClock(): ClockPort & { slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return {
    slept,
    monotonicMs: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

function ctx(clock = manualClock(), deadlineMs?: number): CallContext & { clock: ReturnType<typeof manualClock> } {
  return { clock, random: { next: () => 0.5 }, retry: { maxAttempts: 4, baseMs: 100, maxMs: 1000, maxRateLimitWaits: 3 }, deadlineMs };
}

const platform = (error: string, extra: object = {}) => Object.assign(new Error(error), { code: 'slack_webapi_platform_error', data: { ok: false, error, ...extra } });
const rateLimited = (retryAfter: number) => Object.assign(new Error('429'), { code: 'slack_webapi_rate_limited_error', retryAfter });
const http = (statusCode: number) => Object.assign(new Error(String(statusCode)), { code: 'slack_webapi_http_error', statusCode, headers: {} });
const network = () => Object.assign(new Error('fetch failed'), { code: 'slack_webapi_request_error' });

function failing(...errors: Error[]) {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    fn: async () => {
      const error = errors[calls++];
      if (error) throw error;
      return { ok: true };
    },
  };
}

test('an expected error comes back as a value, not a throw', async () => {
  const outcome = await callSlack('pins.add', failing(platform('already_pinned')).fn, ctx(), ['already_pinned']);
  assert.deepEqual({ ...outcome, startedMs: 0 }, { ok: false, error: 'already_pinned', ambiguous: false, startedMs: 0 });
});

test('429s are waited out for Retry-After and up to half as long again at random, and do not count as attempts', async () => {
  const c = ctx();
  const f = failing(rateLimited(2), rateLimited(1));
  const outcome = await callSlack('pins.add', f.fn, c);
  assert.equal(outcome.ok, true);
  assert.equal(outcome.ambiguous, false);
  assert.deepEqual(c.clock.slept, [2500, 1250], 'random 0.5: a quarter more');
  const least = { ...ctx(), random: { next: () => 0 } };
  await callSlack('pins.add', failing(rateLimited(3)).fn, least);
  assert.deepEqual(least.clock.slept, [3000], 'never sooner than Retry-After');
});

test('5xx and network errors are retried with growing back-off and make the outcome ambiguous', async () => {
  const c = ctx();
  const f = failing(http(500), network(), platform('internal_error'));
  const outcome = await callSlack('pins.add', f.fn, c, ['already_pinned']);
  assert.deepEqual([outcome.ok, outcome.ambiguous, f.calls], [true, true, 4]);
  assert.deepEqual(c.clock.slept, [75, 150, 300]);
  assert.equal(outcome.startedMs, 0, 'the earliest attempt that may have been applied');
});

test('service_unavailable is retried but is not ambiguous', async () => {
  const outcome = await callSlack('pins.add', failing(platform('service_unavailable')).fn, ctx());
  assert.deepEqual([outcome.ok, outcome.ambiguous], [true, false]);
});

test('retries stop at the attempt budget, the rate-limit budget or the deadline', async () => {
  await assert.rejects(callSlack('pins.add', failing(http(503), http(503), http(503), http(503)).fn, ctx()), SlackUnavailableError);
  await assert.rejects(callSlack('pins.add', failing(rateLimited(1), rateLimited(1), rateLimited(1), rateLimited(1)).fn, ctx()), SlackUnavailableError);
  const late = ctx(manualClock(), 500);
  await assert.rejects(callSlack('pins.add', failing(rateLimited(1)).fn, late), SlackUnavailableError);
  assert.deepEqual(late.clock.slept, []);
  // A back-off that overran (the process was paused) starts no attempt past the deadline.
  const paused = manualClock();
  const sleep = paused.sleep;
  paused.sleep = async (ms) => sleep(ms + 10_000);
  const overrun = failing(http(500), http(500));
  await assert.rejects(callSlack('pins.remove', overrun.fn, ctx(paused, 5_000)), SlackUnavailableError);
  assert.equal(overrun.calls, 1, 'no second attempt after the paused back-off');
  // Nor a first attempt, when the process was paused before the call (between a read and a removal).
  const asleep = manualClock();
  await asleep.sleep(6_000);
  const never = failing();
  await assert.rejects(callSlack('pins.remove', never.fn, ctx(asleep, 5_000)), (e: unknown) => e instanceof SlackUnavailableError && /was not sent/.test(e.message));
  assert.equal(never.calls, 0);
});

test('missing_scope names the scope; auth errors and others are translated, never the vendor error', async () => {
  await assert.rejects(
    callSlack('pins.add', failing(platform('missing_scope', { needed: 'pins:write' })).fn, ctx()),
    (e: unknown) => e instanceof MissingScopeError && e.scope === 'pins:write' && /add it/.test(e.message),
  );
  await assert.rejects(
    callSlack('pins.list', failing(platform('missing_scope')).fn, ctx()),
    (e: unknown) => e instanceof MissingScopeError && e.scope === 'pins:read',
  );
  await assert.rejects(callSlack('pins.add', failing(platform('invalid_auth')).fn, ctx()), SlackAuthError);
  await assert.rejects(
    callSlack('pins.add', failing(platform('not_in_channel')).fn, ctx()),
    (e: unknown) => e instanceof SlackCallError && e.error === 'not_in_channel' && /invite/.test(e.message) && (e.cause as { code?: string }).code === 'slack_webapi_platform_error',
  );
  await assert.rejects(callSlack('pins.add', failing(http(403)).fn, ctx()), (e: unknown) => e instanceof SlackCallError && e.error === 'http_403');
});

test('SlackClock: lower bound from the answer, upper bound from the request, best anchors kept', () => {
  let mono = 0;
  const clock = new SlackClock({ monotonicMs: () => mono, sleep: async () => {} });
  assert.equal(clock.lower(), undefined);
  clock.observeLower(990, 0);
  assert.equal(clock.upper(), undefined, 'no upper bound without an own post');
  clock.observePost('1000.000000', 0, 2000);
  mono = 3000;
  assert.equal(clock.lower(), 1001);
  assert.equal(clock.upper(), 1003);
  clock.observeLower(1000.5, 2500);
  assert.equal(clock.lower(), 1001, 'a worse lower anchor is ignored');
  clock.observeLower(1002.5, 3000);
  assert.equal(clock.lower(), 1002.5);
  clock.observePost('1002.800000', 2900, 3000);
  assert.ok(Math.abs(clock.upper()! - 1002.9) < 1e-9);
});
