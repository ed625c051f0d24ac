import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { LockHeldError, LockLostError, PinLock, type Lease } from '../../src/slackmq/index.js';
import { startHarness, type Harness } from './local-slack.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

const timing = { lockDelayS: 1, graceS: 2 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function acquireWithin(lock: PinLock, ms: number): Promise<Lease> {
  const end = performance.now() + ms;
  for (;;) {
    try {
      return await lock.acquireOrBreak();
    } catch (error) {
      if (!(error instanceof LockHeldError) || performance.now() > end) throw error;
      await sleep(150);
    }
  }
}

test('a holder cut off past its lease learns it lost before the new holder takes over, and never removes its pin', async () => {
  const ts = await h.message('deploy rolling');
  let lostAt: number | undefined;
  const a = new PinLock({
    slack: h.client('web-a'), channel: h.slack.channel, ts, host: 'web-a', leaseS: 2, timing,
    onLost: () => (lostAt ??= performance.now()),
  });
  const lease = await a.acquire();
  let lastStepAt = 0;
  const steps = (async () => {
    for (;;) {
      try {
        lease.assertHeld();
      } catch (error) {
        assert.ok(error instanceof LockLostError);
        return;
      }
      lastStepAt = performance.now();
      await sleep(50);
    }
  })();
  h.slack.cutOff('web-a', 6000);
  const b = new PinLock({ slack: h.client('web-b'), channel: h.slack.channel, ts, host: 'web-b', leaseS: 2, timing });
  const taken = await acquireWithin(b, 15_000);
  const takenAt = performance.now();
  await steps;
  assert.ok(lostAt !== undefined && lostAt < takenAt, `lost at ${lostAt}, taken at ${takenAt}`);
  assert.ok(lastStepAt < takenAt);
  assert.equal(lease.lost?.reason, 'lease_expired');
  h.slack.restore('web-a');
  assert.deepEqual(await lease.release(), { released: false, reason: 'lease_expired' });
  const fromA = h.slack.callLog().filter((c) => c.client === 'web-a' && (c.method === 'pins.remove' || c.method === 'chat.update') && !c.error);
  assert.ok(fromA.every((c) => c.method !== 'pins.remove'));
  assert.equal(h.pinned(ts), true);
  const info = await b.inspect();
  assert.deepEqual([info.state, info.holder, info.token], ['held', 'web-b', taken.token]);
  await taken.release();
  assert.equal(h.pinned(ts), false);
});

test('a holder whose claim is broken while it is away sees broken on its next check, and does not touch the pin', async () => {
  const ts = await h.message();
  const a = new PinLock({ slack: h.client('web-c'), channel: h.slack.channel, ts, host: 'web-c', leaseS: 30, timing });
  const lease = await a.acquire();
  const b = new PinLock({ slack: h.client('web-d'), channel: h.slack.channel, ts, host: 'web-d', leaseS: 2, timing });
  // A person (or `troupe unlock`) breaks the claim by hand: the break record names its token.
  await h.client('operator').chat.postMessage({
    channel: h.slack.channel,
    thread_ts: ts,
    text: 'manual break',
    metadata: { event_type: 'troupe_break', event_payload: { v: 1, host: 'operator', nonce: 'manual1', token: lease.token, reason: 'manual' } },
  });
  await assert.rejects(lease.verify(), (error: unknown) => error instanceof LockLostError && error.reason === 'broken');
  assert.deepEqual(await lease.release(), { released: false, reason: 'broken' });
  assert.equal(h.pinned(ts), true);
  await assert.rejects(b.acquire(), LockHeldError);
});

test('a restarted holder resumes its claim while it is current, and is refused once it was broken or released', async () => {
  const ts = await h.message();
  const options = { slack: h.client('web-e'), channel: h.slack.channel, ts, host: 'web-e', leaseS: 30, timing };
  const original = await new PinLock(options).acquire();
  const journaled = { token: original.token, nonce: original.nonce, claim: { v: 1, host: 'web-e', nonce: original.nonce, lease_s: 30 } };
  // The process "restarts": a new PinLock carries the journaled claim on.
  const resumed = await new PinLock(options).resume(journaled);
  assert.equal(resumed.token, original.token);
  await resumed.verify();
  await h.client('operator').chat.postMessage({
    channel: h.slack.channel,
    thread_ts: ts,
    text: 'manual break',
    metadata: { event_type: 'troupe_break', event_payload: { v: 1, host: 'operator', nonce: 'manual2', token: original.token, reason: 'manual' } },
  });
  await assert.rejects(new PinLock(options).resume(journaled), (e: unknown) => e instanceof LockLostError && e.reason === 'broken');
  await assert.rejects(resumed.verify(), LockLostError);
  await original.release();

  const ts2 = await h.message();
  const done = await new PinLock({ ...options, ts: ts2 }).acquire();
  await done.release();
  const again = { token: done.token, nonce: done.nonce, claim: { v: 1, host: 'web-e', nonce: done.nonce, lease_s: 30 } };
  await assert.rejects(new PinLock({ ...options, ts: ts2 }).resume(again), (e: unknown) => e instanceof LockLostError && e.reason === 'released');
});
