import { test, after, before, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { LockHeldError, PinLock, type Lease } from '../../src/slackmq/index.js';
import { startHarness, type Harness } from './local-slack.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
afterEach(() => h.slack.clearFaults());
after(() => h.close());

const retry = { baseMs: 40, maxMs: 200, maxAttempts: 8 };
const lockFor = (ts: string, host: string) =>
  new PinLock({ slack: h.client(host), channel: h.slack.channel, ts, host, leaseS: 5, retry, timing: { lockDelayS: 1, graceS: 8 } });

async function race(ts: string, hosts: string[]) {
  const results = await Promise.allSettled(hosts.map((host) => lockFor(ts, host).acquire()));
  const won = results.filter((r): r is PromiseFulfilledResult<Lease> => r.status === 'fulfilled').map((r) => r.value);
  const errors = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown);
  return { won, errors };
}

test('a 429 storm on every lock method: no false held, one holder, no pin left', async () => {
  const ts = await h.message();
  h.slack.setFaults({ rateLimitStorm: { seconds: 2, retryAfter: 1 } });
  const { won, errors } = await race(ts, ['s-1', 's-2', 's-3', 's-4', 's-5']);
  assert.equal(won.length, 1);
  for (const e of errors) assert.ok(e instanceof LockHeldError, String(e));
  assert.ok(h.slack.callLog().some((c) => c.rateLimited), 'the storm produced 429s');
  h.slack.setFaults({ rateLimitStorm: { seconds: 2, retryAfter: 1 } });
  assert.equal((await won[0]!.release()).released, true);
  assert.equal(h.pinned(ts), false);
});

test('a lone contender through 5xx and internal_error bursts gets the lock (no false held) and leaves no pin', async () => {
  for (const kind of ['http5xx', 'ok_false'] as const) {
    const ts = await h.message();
    h.slack.setFaults({ errorBurst: { count: 4, kind, methods: ['pins.add', 'chat.postMessage', 'conversations.replies'] } });
    const lease = await lockFor(ts, `lone-${kind}`).acquire();
    h.slack.setFaults({ errorBurst: { count: 4, kind, methods: ['pins.remove', 'chat.postMessage', 'conversations.replies'] } });
    const released = await lease.release();
    assert.equal(released.released && released.unpinned, true, kind);
    assert.equal(h.pinned(ts), false, kind);
  }
});

test('contenders through 5xx bursts: exactly one holder, the rest held, no pin left after release', async () => {
  const ts = await h.message();
  h.slack.setFaults({ errorBurst: { count: 10, kind: 'http5xx' } });
  const { won, errors } = await race(ts, ['f-1', 'f-2', 'f-3', 'f-4', 'f-5', 'f-6']);
  assert.equal(won.length, 1);
  for (const e of errors) assert.ok(e instanceof LockHeldError, String(e));
  h.slack.setFaults({ errorBurst: { count: 3, kind: 'http5xx' } });
  await won[0]!.release();
  assert.equal(h.pinned(ts), false);
});
