import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeRecord, LockHeldError, LockLostError, PinLock, type Lease } from '../../src/slackmq/index.js';
import { FakeSlack } from './fake/fake-slack.js';
import { rng, Sim, SimProcess } from './fake/sim.js';

const noFaults = { rateLimited: 0, http5xxBefore: 0, http5xxAfter: 0, latencyMs: [10, 10] as [number, number] };

function setup() {
  const sim = new Sim();
  const fake = new FakeSlack(sim, rng(1), noFaults);
  const lockTs = fake.post('deploy rolling');
  const proc = new SimProcess(sim, 'web-1', 1);
  const losses: LockLostError[] = [];
  const lock = new PinLock({
    slack: fake.client(proc), channel: fake.channel, ts: lockTs, host: 'web-1', leaseS: 6, marginS: 1.5,
    timing: { lockDelayS: 2, graceS: 4 }, clock: proc, random: rng(2), onLost: (e) => losses.push(e),
  });
  return { sim, fake, lockTs, proc, lock, losses };
}

/** Runs the simulation until `promise` settles. */
async function drive<T>(env: ReturnType<typeof setup>, promise: Promise<T>): Promise<T> {
  let settled = false;
  const done = promise.finally(() => (settled = true));
  // The horizon moves on even when no timer fires in it (a frozen process's timers wait for its thaw).
  for (let until = env.sim.now + 100; !settled; until += 100) await env.sim.run(until);
  return done;
}

async function acquired(env: ReturnType<typeof setup>): Promise<Lease> {
  let lease: Lease | undefined;
  void env.lock.acquire().then((l) => (lease = l));
  await env.sim.run(env.sim.now + 1_000);
  assert.ok(lease);
  return lease;
}

test('a healthy holder renews every third of the lease and keeps its lease', async () => {
  const env = setup();
  const lease = await acquired(env);
  await env.sim.run(30_000);
  assert.equal(lease.lost, undefined);
  const updates = env.fake.log.filter((e) => e.method === 'chat.update');
  assert.ok(updates.length >= 13 && updates.length <= 15, `${updates.length} renewals in 30 s`);
  assert.ok(lease.validForMs > 0);
  const released = await drive(env, lease.release());
  assert.equal(released.released && released.unpinned, true);
  assert.throws(() => lease.assertHeld(), (e: unknown) => e instanceof LockLostError && e.reason === 'released');
  assert.equal(env.losses.length, 0, 'a release is not a loss');
  assert.deepEqual(await drive(env, lease.release()), released, 'release is once only');
});

test('a holder cut off loses its lease at lease minus margin after its last renewal, and onLost fires once', async () => {
  const env = setup();
  const lease = await acquired(env);
  await env.sim.run(2_100);
  const lastRenewal = env.fake.log.filter((e) => e.method === 'chat.update').at(-1)!.at;
  env.proc.cutOff(60_000);
  let lostAt: number | undefined;
  lease.signal.addEventListener('abort', () => (lostAt = env.sim.now));
  await env.sim.run(20_000);
  assert.equal(env.losses.length, 1);
  assert.equal(env.losses[0]!.reason, 'lease_expired');
  assert.ok(lostAt !== undefined && lostAt <= lastRenewal + 4_500 && lostAt > lastRenewal + 3_000, `lost at ${lostAt}, last renewal ${lastRenewal}`);
  assert.throws(() => lease.assertHeld(), LockLostError);
});

test('a renewal that finds a break naming its token loses the lease and does not extend it', async () => {
  const env = setup();
  const lease = await acquired(env);
  const brk = encodeRecord('break', { v: 1, host: 'operator', nonce: 'op1', token: lease.token, reason: 'manual' });
  env.fake.post(brk.text, env.lockTs, brk.metadata);
  const before = lease.validForMs;
  await env.sim.run(env.sim.now + 2_500);
  assert.equal(env.losses[0]?.reason, 'broken');
  assert.ok(lease.validForMs < before);
  assert.deepEqual(await drive(env, lease.release()), { released: false, reason: 'broken' });
  assert.equal(env.fake.pins.size, 1, 'the broken holder never touches the pin');
});

test('a release inside a live lease still reads the thread: a break from a stale read leaves the pin to its breaker', async () => {
  const env = setup();
  const lease = await acquired(env);
  // A breaker that read the thread long ago (a process frozen between its read and its post)
  // breaks the live lease after the holder's last renewal read, and before its release.
  const brk = encodeRecord('break', { v: 1, host: 'web-2', nonce: 'stale1', token: lease.token, reason: 'expired' });
  env.fake.post(brk.text, env.lockTs, brk.metadata);
  assert.equal(lease.lost, undefined, 'the holder has not read the break yet');
  const from = env.fake.log.length;
  const released = await drive(env, lease.release());
  assert.deepEqual(env.fake.log.slice(from).map((e) => e.method), ['chat.postMessage', 'conversations.replies']);
  assert.equal(released.released && released.unpinned, false);
  assert.equal(released.released && released.seen, undefined, 'no thread handed on when the pin was not removed');
  assert.equal(env.fake.pins.size, 1, 'the pin is the winning breaker\'s to remove');
});

test('a release inside its lease with no break reads the thread and removes the pin', async () => {
  const env = setup();
  const lease = await acquired(env);
  const from = env.fake.log.length;
  const released = await drive(env, lease.release());
  assert.deepEqual(env.fake.log.slice(from).map((e) => e.method), ['chat.postMessage', 'conversations.replies', 'pins.remove']);
  assert.equal(released.released && released.unpinned, true);
  assert.equal(env.fake.pins.size, 0);
  // The thread its read decided on comes back with it (for a caller that follows the thread): the release in it.
  assert.ok(released.released && released.seen);
  const last = released.seen.at(-1) as { metadata?: { event_type?: string; event_payload?: { token?: string } } };
  assert.match(String(last.metadata?.event_type), /release$/);
  assert.equal(last.metadata?.event_payload?.token, lease.token);
});

test('a release answered past its window to unpin leaves the pin and reads nothing more', async () => {
  const env = setup();
  const lease = await acquired(env);
  const from = env.fake.log.length;
  const releasing = lease.release();
  // Frozen while its post is on the way: the answer comes after the lease (4.5 s) has run out.
  env.proc.freeze(5_000);
  const released = await drive(env, releasing);
  const methods = env.fake.log.slice(from).map((e) => e.method);
  // The post came back after the window to unpin (grace − margin = 2.5 s): no read can change
  // that (none is sent), and the pin stays for the grace.
  assert.deepEqual(methods, ['chat.postMessage']);
  assert.deepEqual(released.released && released.unpinned, false);
  assert.equal(env.fake.pins.size, 1);
});

test('a claim that lands in a broken claim\'s shadow is withdrawn by its claimant, and the pin is left alone', async () => {
  const env = setup();
  const holder = await acquired(env);
  // A breaker acting on a stale read breaks web-1's live lease: the lock is shadowed until it ends.
  const brk = encodeRecord('break', { v: 1, host: 'web-3', nonce: 'stale1', token: holder.token, reason: 'expired' });
  env.fake.post(brk.text, env.lockTs, brk.metadata);
  // Past the breaker's reservation (the grace, 4 s), inside web-1's lease as last renewed.
  await env.sim.run(env.sim.now + 4_500);
  // web-2 read the thread before the break (seenFree), and its pins.add meets a 500 and then
  // `already_pinned`: the first attempt may have pinned, so it claims anyway (ambiguous).
  const proc = new SimProcess(env.sim, 'web-2', 1);
  const slack = env.fake.client(proc);
  let failOnce = true;
  const add = slack.pins.add.bind(slack.pins);
  slack.pins.add = (async (args: Parameters<typeof add>[0]) => {
    if (!failOnce) return add(args);
    failOnce = false;
    throw Object.assign(new Error('500'), { code: 'slack_webapi_http_error', statusCode: 500, headers: {} });
  }) as typeof add;
  const late = new PinLock({ slack, channel: env.fake.channel, ts: env.lockTs, host: 'web-2', leaseS: 6, marginS: 1.5, timing: { lockDelayS: 2, graceS: 4 }, clock: proc, random: rng(3) });
  const outcome = await drive(env, late.acquire({ seenFree: true }).then(() => 'held', (error: unknown) => error));
  assert.ok(outcome instanceof LockHeldError, `web-2 does not hold: ${String(outcome)}`);
  assert.deepEqual([outcome.holder.state, outcome.holder.host, outcome.holder.token], ['held', 'web-1', holder.token]);
  const thread = [...env.fake.messages.values()].filter((m) => m.thread_ts === env.lockTs).map((m) => m.metadata?.event_payload);
  const claim = thread.find((p) => p?.host === 'web-2' && p.lease_s !== undefined);
  assert.ok(claim, 'web-2 posted its claim');
  assert.ok(thread.some((p) => p?.host === 'web-2' && p.result === 'withdrawn' && p.nonce === claim.nonce), 'and withdrew it with a release of its own');
  assert.equal(env.fake.log.filter((e) => e.method === 'pins.remove').length, 0, 'the pin is left alone');
  assert.equal(env.fake.pins.size, 1);
});
