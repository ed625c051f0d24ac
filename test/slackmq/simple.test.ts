import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { defaultSeed } from '../../src/emulator/seed.js';
import {
  ack,
  MissingScopeError,
  PinLock,
  setMarker,
  SlackAuthError,
  unack,
  withMessageLock,
  encodeRecord,
  lockClient,
} from '../../src/slackmq/index.js';
import { startHarness, type Harness } from './local-slack.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

const timing = { lockDelayS: 1, graceS: 2 };
type Snap = { ts: string; reactions?: { name: string; users: string[] }[] };
const reactionsOf = (ts: string) => ((h.slack.snapshot() as Snap[]).find((m) => m.ts === ts)?.reactions ?? []).map((r) => r.name).sort();

test('ack is true for the one that pins, false only for already_pinned; unack is idempotent', async () => {
  const ts = await h.message();
  const ref = (name: string) => ({ pins: h.client(name).pins, channel: h.slack.channel, ts });
  const results = await Promise.all(['a', 'b', 'c', 'd'].map((n) => ack(ref(n))));
  assert.equal(results.filter(Boolean).length, 1);
  assert.equal(await unack(ref('a')), true);
  assert.equal(await unack(ref('a')), false);
});

test('withMessageLock runs fn in exactly one contender, marks ✅, and never runs a done message again', async () => {
  const ts = await h.message('hello');
  let runs = 0;
  const options = (host: string) => ({ slack: h.client(host), channel: h.slack.channel, ts, host, leaseS: 5, timing });
  const results = await Promise.all(['h-1', 'h-2', 'h-3'].map((host) => withMessageLock(options(host), async () => ++runs)));
  assert.equal(runs, 1);
  assert.deepEqual(results.map((r) => r.status).sort(), ['done', 'held', 'held']);
  assert.deepEqual(reactionsOf(ts), ['white_check_mark']);
  assert.deepEqual(await withMessageLock(options('h-4'), async () => ++runs), { status: 'already_done' });
  assert.equal(h.pinned(ts), false);
});

test('withMessageLock marks ❌ and releases when fn throws', async () => {
  const ts = await h.message('hello');
  const options = { slack: h.client('h-5'), channel: h.slack.channel, ts, host: 'h-5', leaseS: 5, timing };
  await assert.rejects(withMessageLock(options, async () => { throw new Error('boom'); }), /boom/);
  assert.deepEqual(reactionsOf(ts), ['x']);
  assert.equal(h.pinned(ts), false);
  assert.deepEqual(h.records(ts).map((r) => r.kind === 'release' && r.payload.result), [false, 'failed']);
});

test('markers are idempotent: already_reacted and no_reaction are not errors', async () => {
  const ts = await h.message();
  const target = { reactions: h.client('m').reactions, channel: h.slack.channel, ts };
  await setMarker(target, 'running');
  await setMarker(target, 'running');
  assert.deepEqual(reactionsOf(ts), ['hourglass_flowing_sand']);
  await setMarker(target, 'failed');
  await setMarker(target, 'done');
  assert.deepEqual(reactionsOf(ts), ['white_check_mark']);
});

test('a message pinned by a person is unclaimed in inspect, then broken after the grace and taken', async () => {
  const ts = await h.message();
  await h.slack.pinAsUser({ user: 'alice', timestamp: ts });
  const lock = new PinLock({ slack: h.client('p-1'), channel: h.slack.channel, ts, host: 'p-1', leaseS: 5, timing });
  const info = await lock.inspect();
  assert.equal(info.state, 'unclaimed');
  assert.equal(info.pin?.createdBy, h.slack.users.alice);
  assert.ok(info.breakableInS !== undefined && info.breakableInS <= 2);
  await new Promise((r) => setTimeout(r, (info.breakableInS! + 1.2) * 1000));
  const lease = await lock.acquireOrBreak();
  const kinds = h.records(ts).map((r) => r.kind);
  assert.deepEqual(kinds, ['break', 'claim']);
  assert.equal((await lock.inspect()).holder, 'p-1');
  await lease.release();
});

test('replayed records change nothing: a copied claim is late, a copied release of an old token is ignored', async () => {
  const ts = await h.message();
  const a = new PinLock({ slack: h.client('r-1'), channel: h.slack.channel, ts, host: 'r-1', leaseS: 5, timing });
  const first = await a.acquire();
  await first.release();
  const second = await a.acquire();
  const replay = h.client('replayer');
  const [oldClaim, oldRelease] = h.records(ts);
  for (const r of [oldClaim!, oldRelease!]) {
    const { text, metadata } = encodeRecord(r.kind, r.payload as never);
    await replay.chat.postMessage({ channel: h.slack.channel, thread_ts: ts, text, metadata: metadata as never });
  }
  const info = await a.inspect();
  assert.deepEqual([info.state, info.token], ['held', second.token]);
  await second.verify();
  await second.release();
});

test('missing pins:write is thrown as MissingScopeError naming the scope; a bad token as SlackAuthError', async () => {
  const seed = defaultSeed();
  seed.bot.scopes = seed.bot.scopes.filter((s) => s !== 'pins:write');
  const narrow = await startHarness({ rateLimits: 'off', seed });
  try {
    const ts = await narrow.message();
    const lock = new PinLock({ slack: narrow.client('n'), channel: narrow.slack.channel, ts, host: 'n', leaseS: 5 });
    await assert.rejects(lock.acquire(), (e: unknown) => e instanceof MissingScopeError && e.scope === 'pins:write' && /pins:write/.test(e.message));
    const bad = lockClient('xoxb-0-0-wrong', { slackApiUrl: narrow.slack.apiUrl });
    await assert.rejects(ack({ pins: bad.pins, channel: narrow.slack.channel, ts }), (e: unknown) => e instanceof SlackAuthError && !/xoxb-0/.test(e.message));
  } finally {
    await narrow.close();
  }
});

test('a contender whose first read was stale gets the lock after the work is done, and hands it back without running', async () => {
  const ts = await h.message('hello');
  const options = (host: string) => ({ slack: h.client(host), channel: h.slack.channel, ts, host, leaseS: 5, timing });
  let firstDone!: () => void;
  const done = new Promise<void>((resolve) => (firstDone = resolve));
  const slow = options('slow');
  const client = slow.slack;
  let reads = 0;
  const staleFirst = {
    ...client,
    conversations: {
      replies: async (args: Parameters<typeof client.conversations.replies>[0]) => {
        const answer = await client.conversations.replies(args);
        if (reads++ === 0) await done;
        return answer;
      },
    },
  } as unknown as typeof client;
  let runs = 0;
  const late = withMessageLock({ ...slow, slack: staleFirst }, async () => ++runs);
  await new Promise((r) => setTimeout(r, 100));
  assert.equal((await withMessageLock(options('fast'), async () => ++runs)).status, 'done');
  firstDone();
  assert.deepEqual(await late, { status: 'already_done' });
  assert.equal(runs, 1);
  assert.equal(h.pinned(ts), false);
  assert.deepEqual(h.records(ts).filter((r) => r.kind === 'release').map((r) => r.kind === 'release' && r.payload.result), ['done', 'already_done']);
});
