import assert from 'node:assert/strict';
import { test } from 'node:test';
import { demoScenario } from '../../src/demo/script/scenario.js';
import { SHA1, SHA2, Thread } from '../protocol/fixtures.js';

const hosts = ['web-1', 'web-2'];
const shas = { v2: SHA2, v3: SHA2 };
const step = (text: string) => {
  const found = demoScenario.find((s) => s.text === text && s.user === 'alice');
  if (!found) throw new Error(`no step ${text}`);
  return found;
};
const judge = (text: string, thread: Thread) => step(text).judge({ thread: thread.messages, rolloutThread: thread.messages, hosts, shas });

function canaryThread(text: string): Thread {
  const thread = new Thread(text);
  thread.plan({ mode: 'canary', ref: 'v2', order: hosts, soak_s: 3 });
  return thread;
}

test('a canary still updating has no outcome yet; once healthy it is the expected one', () => {
  const thread = canaryThread('deploy canary v2');
  const token = thread.claim('web-1');
  thread.add('progress', { host: 'web-1', phase: 'building', sha: SHA2, token });
  assert.equal(judge('deploy canary v2', thread), undefined);
  thread.add('canary_healthy', { host: 'web-1', sha: SHA2, soak_s: 3 });
  thread.add('done', { host: 'web-1', sha: SHA2, from_sha: SHA1, token });
  thread.release('web-1', token);
  assert.equal(judge('deploy canary v2', thread)?.ok, true);
});

test('the failing version passing its canary is a failed step, not a success', () => {
  const thread = canaryThread('deploy canary v3');
  const token = thread.claim('web-1');
  thread.add('canary_healthy', { host: 'web-1', sha: SHA2, soak_s: 3 });
  thread.add('done', { host: 'web-1', sha: SHA2, from_sha: SHA1, token });
  const outcome = judge('deploy canary v3', thread);
  assert.equal(outcome?.ok, false);
  assert.match(outcome?.summary ?? '', /passed on v3/);
});

test('a canary that reverts and halts is what the failing version must do', () => {
  const thread = canaryThread('deploy canary v3');
  const token = thread.claim('web-1');
  thread.add('reverted', { host: 'web-1', reason: 'health check failed', sha: SHA2, restored_sha: SHA1, token });
  thread.release('web-1', token, 'reverted');
  thread.add('halted', { code: 'failures', reason: 'canary web-1 reverted' });
  const outcome = judge('deploy canary v3', thread);
  assert.equal(outcome?.ok, true);
  assert.equal(outcome?.detail.phase, 'halted');
});

test('run on all waits for every host, and a non-zero exit fails the step', () => {
  const thread = new Thread('run uptime on all');
  thread.add('output', { host: 'web-1', name: 'uptime', exit_code: 0, duration_ms: 5, truncated: false });
  assert.equal(judge('run uptime on all', thread), undefined);
  thread.add('output', { host: 'web-2', name: 'uptime', exit_code: 3, duration_ms: 5, truncated: false });
  assert.equal(judge('run uptime on all', thread)?.ok, false);
});

test('a refusal ends once its lock is gone: the release comes first, the pin goes after it', () => {
  const refusal = demoScenario.find((s) => s.user === 'mallory');
  assert.ok(refusal);
  const thread = new Thread('deploy canary v2');
  const parent = thread.messages[0] as Thread['messages'][number] & { pinned_to?: string[] };
  parent.pinned_to = ['C0DEPLOY'];
  const token = thread.claim('web-1');
  const look = () => refusal.judge({ thread: thread.messages, rolloutThread: [], hosts, shas });
  assert.equal(look(), undefined);
  thread.release('web-1', token, 'answered refusal');
  assert.equal(look(), undefined, 'released but still pinned: the step waits');
  delete parent.pinned_to;
  const outcome = look();
  assert.equal(outcome?.ok, true);
  assert.match(outcome?.summary ?? '', /^refused \(answered refusal\)/);
});
