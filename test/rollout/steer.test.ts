import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { simpleGit } from 'simple-git';
import { RolloutFleet } from './helpers/rollout-fleet.js';

let fleet: RolloutFleet;
before(async () => {
  fleet = await RolloutFleet.start({ env: { BUILD_DELAY_MS: '1000' } });
});
after(() => fleet?.stop());

/** Hosts whose claims took a turn: a claim its host withdrew (DESIGN §5.2) never went down. */
const claimsOf = (ts: string) => {
  const withdrawn = new Set(fleet.records(ts).filter((r) => r.kind === 'release' && r.payload.result === 'withdrawn').map((r) => String(r.payload.token)));
  return fleet.records(ts).filter((r) => r.kind === 'claim' && !withdrawn.has(r.ts)).map((r) => String(r.payload.host));
};
const doneOf = (ts: string, kind = 'done') => fleet.records(ts).filter((r) => r.kind === kind).map((r) => String(r.payload.host));

test('pause stops the rollout after the current host; resume continues it', async () => {
  const web2 = await fleet.head('web-2');
  const ts = await fleet.command('deploy rolling v2');
  await fleet.waitFor('web-1 claims', () => claimsOf(ts).includes('web-1'));
  await fleet.command('deploy pause');
  await fleet.waitFor('paused and web-1 done', () => fleet.kinds(ts).includes('paused') && doneOf(ts).includes('web-1'));
  await new Promise((resolve) => setTimeout(resolve, 5000));
  assert.deepEqual(claimsOf(ts), ['web-1'], 'no host went down while paused');
  assert.equal(await fleet.head('web-2'), web2, 'web-2 untouched (a claim it made on web-1\'s release, if any, it withdrew)');
  await fleet.command('deploy resume');
  await fleet.waitFor('three done', () => doneOf(ts).length === 3);
  for (const name of fleet.hosts.keys()) assert.equal(await fleet.head(name), fleet.origin.shas.v2);
});

let second = '';
test('retry after a halt continues from the first unfinished host', async () => {
  // web-2's tree turns dirty once the plan is posted: any host may post the plan (the first to
  // find the command within the plan's back-off), and a dirty planner refuses the whole rollout.
  second = await fleet.command('deploy rolling v1');
  await fleet.waitFor('the plan', () => fleet.kinds(second).includes('plan'));
  const server = join(fleet.get('web-2').sample.repoDir, 'server.js');
  await writeFile(server, '// a local change\n', { flag: 'a' });
  await fleet.waitFor('a halt', () => fleet.kinds(second).includes('halted'));
  assert.deepEqual(doneOf(second), ['web-1']);
  assert.match(String(fleet.records(second).find((r) => r.kind === 'failed')?.payload.reason), /uncommitted changes/);
  await simpleGit(fleet.get('web-2').sample.repoDir).raw(['checkout', '--', 'server.js']);
  await fleet.command('deploy retry');
  await fleet.waitFor('three done', () => doneOf(second).length === 3);
  assert.deepEqual(claimsOf(second), ['web-1', 'web-2', 'web-3'], 'web-1 was not updated again');
  for (const name of fleet.hosts.keys()) assert.equal(await fleet.head(name), fleet.origin.shas.v1);
});

test('rollback returns the done hosts one at a time, the last updated first', async () => {
  assert.ok(second, 'the retry test ran first');
  await fleet.command('deploy rollback');
  await fleet.waitFor('three rolled back', () => doneOf(second, 'rolled_back').length === 3);
  assert.deepEqual(doneOf(second, 'rolled_back'), ['web-3', 'web-2', 'web-1']);
  for (const name of fleet.hosts.keys()) assert.equal(await fleet.head(name), fleet.origin.shas.v2);
  assert.equal(fleet.maxDown(), 1);
});
