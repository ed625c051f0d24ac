import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PostPacer } from '../../src/agent/rollout/post-pacer.js';

/** A clock the test moves: sleeping advances it. */
function fakeClock() {
  let now = 10_000;
  const slept: number[] = [];
  return {
    slept,
    advance: (ms: number) => (now += ms),
    clock: { now: () => now, sleep: async (ms: number) => void (slept.push(ms), (now += ms)) },
  };
}

test('posts of one process are spaced a second apart; a post after a quiet second goes at once', async () => {
  const t = fakeClock();
  const pacer = new PostPacer(1000, t.clock);
  await pacer.turn();
  await pacer.turn();
  await pacer.turn();
  assert.deepEqual(t.slept, [1000, 1000], 'the claim goes at once, the outcome and the release a second apart');
  t.advance(5000);
  await pacer.turn();
  assert.deepEqual(t.slept, [1000, 1000], 'nothing to wait for after a quiet while');
});

test('posts asked for at once take consecutive slots', async () => {
  const t = fakeClock();
  const pacer = new PostPacer(1000, { now: t.clock.now, sleep: async (ms) => void t.slept.push(ms) });
  await Promise.all([pacer.turn(), pacer.turn(), pacer.turn()]);
  assert.deepEqual(t.slept.sort((a, b) => a - b), [1000, 2000]);
});
