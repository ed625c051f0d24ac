import assert from 'node:assert/strict';
import { test } from 'node:test';
import { troupe } from '../helpers/cli.js';

interface Step {
  name: string;
  text: string;
  user: string;
  status: string;
  ok: boolean;
  detail: Record<string, unknown>;
}

test('troupe demo --script --json plays the whole scenario and every step ends as expected', { timeout: 300_000 }, async () => {
  const result = await troupe(['demo', '--script', '--json', '--hosts', '2']);
  assert.equal(result.exitCode, 0, String(result.stderr));
  const summary = JSON.parse(String(result.stdout)) as { ok: boolean; hosts: string[]; steps: Step[]; pinsLeftBehind: number };
  assert.equal(summary.ok, true);
  assert.deepEqual(summary.hosts, ['web-1', 'web-2']);
  assert.deepEqual(summary.steps.map((s) => [s.user, s.text, s.status]), [
    ['alice', 'deploy canary v2', 'ok'],
    ['alice', 'deploy promote', 'ok'],
    ['alice', 'deploy canary v3', 'ok'],
    ['alice', 'run uptime on all', 'ok'],
    ['mallory', 'deploy canary v2', 'ok'],
  ]);
  const [canary, promote, failing, run, refusal] = summary.steps;
  assert.equal(canary?.detail.phase, 'canary-healthy');
  assert.deepEqual(promote?.detail.hosts, { 'web-1': 'done', 'web-2': 'done' });
  assert.equal(failing?.detail.phase, 'halted');
  assert.equal((failing?.detail.hosts as Record<string, string>)['web-1'], 'reverted');
  assert.equal((failing?.detail.halt as { code: string }).code, 'failures');
  assert.deepEqual((run?.detail.outputs as { host: string; exit_code: number }[]).map((o) => [o.host, o.exit_code]).sort(), [['web-1', 0], ['web-2', 0]]);
  assert.equal(refusal?.detail.phase, 'pending');
  assert.equal(summary.pinsLeftBehind, 0);
  assert.match(String(result.stderr), /\[3\/5\] alice: deploy canary v3: ok/);
});

test('troupe demo refuses bad flags with what to type instead', async () => {
  const hosts = await troupe(['demo', '--hosts', '0']);
  assert.equal(hosts.exitCode, 2);
  assert.match(String(hosts.stderr), /--hosts must be a whole number from 1 to 9/);
  const json = await troupe(['demo', '--json']);
  assert.equal(json.exitCode, 2);
  assert.match(String(json.stderr), /--json goes with --script/);
});
