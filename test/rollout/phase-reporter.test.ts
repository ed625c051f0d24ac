import assert from 'node:assert/strict';
import { afterEach, beforeEach, mock, test } from 'node:test';
import { PhaseReporter } from '../../src/agent/rollout/phase-reporter.js';

let posted: string[];
let reporter: PhaseReporter;

beforeEach(() => {
  mock.timers.enable({ apis: ['setTimeout'] });
  posted = [];
  reporter = new PhaseReporter(async (phase) => void posted.push(phase), 1000);
});
afterEach(() => mock.timers.reset());

/** Lets the reporter's post chain run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

test('a quick turn posts no progress: each phase ends before it has lasted the delay', async () => {
  for (const phase of ['switching', 'building', 'restarting', 'checking'] as const) {
    reporter.enter(phase);
    mock.timers.tick(999);
  }
  await reporter.close();
  mock.timers.tick(5000);
  await settle();
  assert.deepEqual(posted, []);
});

test('a phase that lasts is posted once, in order with the next one that lasts', async () => {
  reporter.enter('switching');
  mock.timers.tick(200);
  reporter.enter('building');
  mock.timers.tick(1000);
  await settle();
  reporter.enter('checking');
  mock.timers.tick(3000);
  await settle();
  await reporter.close();
  assert.deepEqual(posted, ['building', 'checking']);
});

test('flush posts the phase in progress at once (a self-update is about to restart the process)', async () => {
  reporter.enter('restarting');
  await reporter.flush();
  mock.timers.tick(5000);
  await settle();
  assert.deepEqual(posted, ['restarting'], 'posted once, not again by its timer');
});

test('after close nothing is posted, and close waits for a post under way', async () => {
  let release!: () => void;
  const slow = new PhaseReporter(() => new Promise<void>((resolve) => (release = () => (posted.push('building'), resolve()))), 1000);
  slow.enter('building');
  mock.timers.tick(1000);
  await settle();
  let closed = false;
  const closing = slow.close().then(() => (closed = true));
  await settle();
  assert.equal(closed, false, 'close waits for the post in flight');
  release();
  await closing;
  slow.enter('checking');
  mock.timers.tick(5000);
  await settle();
  assert.deepEqual(posted, ['building']);
});

test('a failed post does not stop later ones', async () => {
  const seen: string[] = [];
  const flaky = new PhaseReporter(async (phase) => {
    seen.push(phase);
    if (phase === 'building') throw new Error('ratelimited');
  }, 1000);
  flaky.enter('building');
  await flaky.flush();
  flaky.enter('checking');
  await flaky.flush();
  await flaky.close();
  assert.deepEqual(seen, ['building', 'checking']);
});
