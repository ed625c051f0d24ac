import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Fleet, sleep } from './helpers/fleet.js';

let fleet: Fleet;
before(async () => {
  fleet = await Fleet.start({ hosts: ['web-1', 'web-2', 'web-3'] });
});
after(async () => {
  await fleet?.stopAll();
});

test('run uptime is answered exactly once across three agents', async () => {
  const { ts } = await fleet.slack.postAsUser({ user: 'alice', text: 'run uptime' });
  await fleet.waitFor('an output reply', () => fleet.outputs(ts).length > 0);
  await sleep(3000);
  assert.equal(fleet.outputs(ts).length, 1);
});
