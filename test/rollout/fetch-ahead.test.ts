import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FetchAhead } from '../../src/agent/rollout/fetch-ahead.js';

const SHA = 'a'.repeat(40);

/** A fetch the test ends by hand, counting calls and how many run at once. */
function fakeGit() {
  const pending: { resolve: () => void; reject: (error: Error) => void }[] = [];
  const git = { calls: 0, running: 0, most: 0, failed: [] as string[] };
  const fetch = () =>
    new Promise<void>((resolve, reject) => {
      git.calls += 1;
      git.running += 1;
      git.most = Math.max(git.most, git.running);
      const settle = () => void (git.running -= 1);
      pending.push({ resolve: () => (settle(), resolve()), reject: (error) => (settle(), reject(error)) });
    });
  /** Ends the oldest fetch still running, once it has started. */
  const end = async (error?: Error) => {
    while (pending.length === 0) await new Promise((resolve) => setImmediate(resolve));
    const next = pending.shift();
    if (error) next?.reject(error);
    else next?.resolve();
  };
  return { git, fetch, end, failed: (error: unknown) => void git.failed.push(String(error)) };
}

test('the fetch made ahead serves the turn\'s preflight once; the next turn fetches again', async () => {
  const g = fakeGit();
  const ahead = new FetchAhead(g.fetch, g.failed);
  ahead.start(SHA);
  await new Promise((resolve) => setImmediate(resolve));
  ahead.start(SHA);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(g.git.calls, 1, 'one fetch ahead while it is unused');
  const preflight = ahead.fetched(SHA);
  await g.end();
  await preflight;
  assert.equal(g.git.calls, 1, 'the preflight waited for the fetch in flight and made none');
  const next = ahead.fetched(SHA);
  await g.end();
  await next;
  assert.equal(g.git.calls, 2, 'a fetch serves one preflight');
});

test('fetches never run side by side in the clone', async () => {
  const g = fakeGit();
  const ahead = new FetchAhead(g.fetch, g.failed);
  const first = ahead.fetched(SHA);
  ahead.start(SHA);
  await g.end();
  await first;
  await g.end();
  assert.equal(g.git.calls, 2);
  assert.equal(g.git.most, 1, 'the fetch ahead began after the preflight\'s');
});

test('a fetch ahead that failed: the preflight fetches again and throws that fetch\'s failure', async () => {
  const g = fakeGit();
  const ahead = new FetchAhead(g.fetch, g.failed);
  ahead.start(SHA);
  const preflight = ahead.fetched(SHA);
  await g.end(new Error('remote hung up'));
  await g.end(new Error('still unreachable'));
  await assert.rejects(preflight, /still unreachable/);
  assert.equal(g.git.calls, 2);
  assert.deepEqual(g.git.failed, ['Error: remote hung up']);
});

test('a fetch ahead older than five minutes does not stand in for the preflight\'s', async () => {
  const g = fakeGit();
  let now = 0;
  const ahead = new FetchAhead(g.fetch, g.failed, () => now);
  ahead.start(SHA);
  await g.end();
  now = 5 * 60_000;
  const preflight = ahead.fetched(SHA);
  await g.end();
  await preflight;
  assert.equal(g.git.calls, 2);
});

test('a fetch made ahead for another commit does not stand in for the preflight\'s', async () => {
  // A host's turn in a rollout that halted before it came leaves its fetch unused; the next
  // rollout may deploy a commit pushed after that fetch.
  const g = fakeGit();
  const ahead = new FetchAhead(g.fetch, g.failed);
  ahead.start(SHA);
  await g.end();
  ahead.start('b'.repeat(40));
  const preflight = ahead.fetched('b'.repeat(40));
  await g.end();
  await preflight;
  assert.equal(g.git.calls, 2, 'the fetch ahead for the new commit');
  const other = ahead.fetched(SHA);
  await g.end();
  await other;
  assert.equal(g.git.calls, 3, 'the one for the old commit was replaced');
});

test('the plan\'s fetch waits for one in flight, and once kept serves the planner\'s own turn', async () => {
  const g = fakeGit();
  const ahead = new FetchAhead(g.fetch, g.failed);
  ahead.start(SHA);
  const plan = ahead.forPlan();
  await g.end();
  await g.end();
  const keep = await plan;
  assert.equal(g.git.most, 1, 'one fetch at a time');
  keep('b'.repeat(40));
  await ahead.fetched('b'.repeat(40));
  assert.equal(g.git.calls, 2, 'the preflight relied on the plan\'s fetch');
});

test('a plan\'s fetch that failed throws, and is kept for nobody', async () => {
  const g = fakeGit();
  const ahead = new FetchAhead(g.fetch, g.failed);
  const plan = ahead.forPlan();
  await g.end(new Error('remote hung up'));
  await assert.rejects(plan, /remote hung up/);
  const preflight = ahead.fetched(SHA);
  await g.end();
  await preflight;
  assert.equal(g.git.calls, 2);
});
