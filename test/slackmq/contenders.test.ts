import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { LockHeldError, PinLock, type Lease } from '../../src/slackmq/index.js';
import { startHarness, type Harness } from './local-slack.js';

let h: Harness;
before(async () => {
  // Slack's own rate tiers: 20 pins.add at once is the whole app's Tier 2 minute.
  h = await startHarness({ rateLimits: 'slack' });
});
after(() => h.close());

test('20 contenders with separate clients: exactly one wins, the rest get held, none an error', async () => {
  const ts = await h.message('deploy rolling');
  const results = await Promise.allSettled(
    Array.from({ length: 20 }, (_, i) =>
      new PinLock({ slack: h.client(`web-${i}`), channel: h.slack.channel, ts, host: `web-${i}`, leaseS: 5 }).acquire(),
    ),
  );
  const won = results.filter((r): r is PromiseFulfilledResult<Lease> => r.status === 'fulfilled');
  const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  assert.equal(won.length, 1);
  assert.equal(lost.length, 19);
  for (const r of lost) assert.ok(r.reason instanceof LockHeldError, String(r.reason));
  const lease = won[0]!.value;
  const released = await lease.release('done');
  assert.deepEqual({ ...released, releaseTs: undefined, seen: undefined }, { released: true, unpinned: true, releaseTs: undefined, seen: undefined });
  assert.ok(released.released && released.seen?.some((m) => (m as { ts?: string }).ts === released.releaseTs), 'the thread it read holds its release');
  assert.equal(h.pinned(ts), false);
});

test('the holder is mine, held for others; inspect names it; release frees the lock for the next', async () => {
  const ts = await h.message();
  const a = new PinLock({ slack: h.client('web-a'), channel: h.slack.channel, ts, host: 'web-a', leaseS: 5 });
  const b = new PinLock({ slack: h.client('web-b'), channel: h.slack.channel, ts, host: 'web-b', leaseS: 5 });
  const lease = await a.acquire();
  const info = await b.inspect();
  assert.equal(info.state, 'held');
  assert.equal(info.holder, 'web-a');
  assert.equal(info.token, lease.token);
  assert.ok(info.leaseLeftS! > 0 && info.leaseLeftS! <= 5, String(info.leaseLeftS));
  await assert.rejects(b.acquire(), LockHeldError);
  await lease.release();
  const next = await b.acquire();
  assert.notEqual(next.token, lease.token);
  await next.release();
  const kinds = h.records(ts).map((r) => r.kind);
  assert.deepEqual(kinds, ['claim', 'release', 'claim', 'release']);
});

test('seenFree: a caller that has just read the thread claims without the read before pins.add; a lock taken meanwhile is still held, and by whom', async () => {
  const ts = await h.message();
  const a = new PinLock({ slack: h.client('seen-a'), channel: h.slack.channel, ts, host: 'web-a', leaseS: 5 });
  const b = new PinLock({ slack: h.client('seen-b'), channel: h.slack.channel, ts, host: 'web-b', leaseS: 5 });
  // Calls Slack answered (a 429 from the channel's post allowance is retried, not a step of the lock).
  const calls = (client: string) => h.slack.callLog().filter((c) => c.client === client && !c.rateLimited).map((c) => c.method);

  const lease = await a.acquire({ seenFree: true });
  assert.deepEqual(calls('seen-a'), ['pins.add', 'chat.postMessage', 'conversations.replies']);

  const refused = await b.acquire({ seenFree: true }).then(
    () => assert.fail('web-b took a lock web-a holds'),
    (error: unknown) => error,
  );
  assert.ok(refused instanceof LockHeldError, String(refused));
  assert.equal(refused.holder.host, 'web-a');
  assert.equal(refused.holder.token, lease.token);
  assert.deepEqual(calls('seen-b'), ['pins.add', 'conversations.replies'], 'no claim posted; one read to say who holds it');
  assert.deepEqual(h.records(ts).map((r) => r.kind), ['claim']);
  await lease.release();
});
