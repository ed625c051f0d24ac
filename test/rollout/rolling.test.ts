import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { RolloutFleet } from './helpers/rollout-fleet.js';

let fleet: RolloutFleet;
before(async () => {
  fleet = await RolloutFleet.start();
});
after(() => fleet?.stop());

test('deploy rolling v2: every host on v2, one at a time, the thread shows plan, claims and done, the lock is free', async () => {
  const ts = await fleet.command('deploy rolling v2');
  await fleet.waitFor('three done records', () => fleet.kinds(ts).filter((k) => k === 'done').length === 3);
  for (const name of fleet.hosts.keys()) {
    assert.equal(await fleet.head(name), fleet.origin.shas.v2, `${name} checkout`);
    assert.equal(await fleet.version(name), 'v2', `${name} service`);
  }
  const kinds = fleet.kinds(ts);
  assert.equal(kinds[0], 'plan');
  assert.equal(kinds.filter((k) => k === 'claim').length, 3);
  assert.equal(kinds.filter((k) => k === 'release').length, 3);
  assert.equal(fleet.maxDown(), 1, 'never two hosts down at once (timeline)');
  const doneHosts = fleet.records(ts).filter((r) => r.kind === 'done').map((r) => r.payload.host);
  assert.deepEqual(doneHosts, ['web-1', 'web-2', 'web-3']);
  await fleet.waitFor('the pin removed', () => (fleet.messages().find((m) => m.ts === ts)?.pinned_to ?? []).length === 0);
  // Self-update: every agent reports the new sha in the roster.
  await fleet.waitFor('every roster entry on v2', () => [...fleet.hosts.keys()].every((h) => fleet.roster(h)?.sha === fleet.origin.shas.v2 && fleet.roster(h)?.state === 'idle'));
});
