import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { RolloutFleet } from './helpers/rollout-fleet.js';

let fleet: RolloutFleet;
before(async () => {
  fleet = await RolloutFleet.start();
});
after(() => fleet?.stop());

test('deploy canary v3: the canary reverts to v1 by itself, the rollout halts with the reason, the others are never touched', async () => {
  const ts = await fleet.command('deploy canary v3');
  const halted = await fleet.waitFor('a halt', () => fleet.records(ts).find((r) => r.kind === 'halted'));
  assert.equal(halted.payload.code, 'failures');
  const reverted = fleet.records(ts).find((r) => r.kind === 'reverted');
  assert.equal(reverted?.payload.host, 'web-1');
  assert.match(String(reverted?.payload.reason), /health check failed/);
  assert.equal(await fleet.head('web-1'), fleet.origin.shas.v1);
  assert.equal(await fleet.version('web-1'), 'v1');
  const touched = fleet.records(ts).filter((r) => r.payload.host === 'web-2' || r.payload.host === 'web-3');
  assert.deepEqual(touched, []);
  for (const name of ['web-2', 'web-3']) assert.equal(await fleet.head(name), fleet.origin.shas.v1);
  await fleet.waitFor('the pin removed', () => (fleet.messages().find((m) => m.ts === ts)?.pinned_to ?? []).length === 0);
});

test('deploy canary v2: one host on v2 and canary healthy; ✅ from an operator promotes; the rest follow to the same sha', async () => {
  const ts = await fleet.command('deploy canary v2');
  await fleet.waitFor('canary healthy', () => fleet.kinds(ts).includes('canary_healthy'));
  assert.equal(await fleet.head('web-1'), fleet.origin.shas.v2);
  assert.equal(await fleet.head('web-2'), fleet.origin.shas.v1, 'web-2 waits for the promotion');
  // mallory's ✅ is not an operator's: it promotes nothing.
  await fleet.slack.reactAsUser({ user: 'mallory', name: 'white_check_mark', timestamp: ts });
  const early = await fleet.command('deploy promote', 'mallory');
  await fleet.waitFor('the refusal of mallory', () => fleet.replies(early).some((m) => /not an operator/.test(m.text ?? '')));
  assert.ok(!fleet.kinds(ts).includes('promoted'));
  await fleet.slack.reactAsUser({ user: 'alice', name: 'white_check_mark', timestamp: ts });
  await fleet.waitFor('three done records', () => fleet.kinds(ts).filter((k) => k === 'done').length === 3);
  const promoted = fleet.records(ts).filter((r) => r.kind === 'promoted');
  assert.equal(promoted.length, 1);
  assert.equal(promoted[0]?.payload.by, fleet.slack.users.alice);
  for (const name of fleet.hosts.keys()) assert.equal(await fleet.head(name), fleet.origin.shas.v2);
  assert.equal(fleet.maxDown(), 1);
});

test('deploy promote typed by an operator promotes a healthy canary', async () => {
  const ts = await fleet.command('deploy canary v1');
  await fleet.waitFor('canary healthy', () => fleet.kinds(ts).includes('canary_healthy'));
  const promote = await fleet.command('deploy promote');
  await fleet.waitFor('three done records', () => fleet.kinds(ts).filter((k) => k === 'done').length === 3);
  assert.equal(fleet.records(ts).find((r) => r.kind === 'promoted')?.payload.command_ts, promote);
  for (const name of fleet.hosts.keys()) assert.equal(await fleet.head(name), fleet.origin.shas.v1);
});
