import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { simpleGit } from 'simple-git';
import { RolloutFleet } from './helpers/rollout-fleet.js';

let fleet: RolloutFleet;
before(async () => {
  fleet = await RolloutFleet.start({ hosts: ['app-1', 'app-2'], managed: true, healthDeadline: 8 });
});
after(() => fleet?.stop());

test('a managed service: the restart command brings each host to v2, the agents stay up, then v3 reverts the first host and halts', async () => {
  const agents = fleet.agentPids();
  const ts = await fleet.command('deploy rolling v2');
  await fleet.waitFor('two done records', () => fleet.kinds(ts).filter((k) => k === 'done').length === 2);
  for (const name of fleet.hosts.keys()) {
    assert.equal(await fleet.version(name), 'v2', `${name} service`);
    assert.equal(await fleet.head(name), fleet.origin.shas.v2);
  }
  assert.deepEqual(fleet.agentPids(), agents, 'no agent restarted: only the service did');
  // app-1's release read the thread before it unpinned, and its runner goes on from that read: it
  // used to read the thread again at once. Its next look as a finished host comes after its poll
  // (2 s here) at the soonest, so a read within a second of the unpin can only be that extra one.
  // The runner takes the release's read only while it is fresh (5 s) and newer than its own last
  // read: on a loaded machine the runner's own poll can land between the release's read and the
  // unpin, or the unpin can come late, and then a read after the unpin is the rule, not a fault.
  const claim2 = Number(fleet.replies(ts).find((m) => m.metadata?.event_type === 'troupe_claim' && m.metadata.event_payload?.host === 'app-2')?.ts) * 1000;
  const calls = fleet.slack.callLog().filter((c) => c.client === 'app-1');
  const unpin = calls.find((c) => c.method === 'pins.remove' && c.time < claim2);
  assert.ok(unpin, 'app-1 unpinned before app-2 claimed');
  const reads = calls.filter((c) => c.method === 'conversations.replies' && c.thread === ts);
  const release = Number(fleet.replies(ts).find((m) => m.metadata?.event_type === 'troupe_release' && m.metadata.event_payload?.host === 'app-1')?.ts) * 1000;
  const between = reads.filter((c) => c.time >= release && c.time <= unpin.time);
  assert.ok(between.length > 0, 'the release read the thread before it unpinned');
  // One read between the release's post and the unpin is the release's own, and it is handed back
  // if it is fresh; a second one is the runner's poll, and then the runner must read again.
  const handedBack = between.length === 1 && unpin.time - (between[0]?.time ?? 0) < 4000;
  const soon = reads.filter((c) => c.time > unpin.time && c.time < unpin.time + 1000);
  assert.ok(!handedBack || soon.length === 0, `no read of the thread right after the unpin (the release read ${unpin.time - (between[0]?.time ?? 0)} ms before it): ${JSON.stringify(soon)}`);
  const bad = await fleet.command('deploy rolling v3');
  // app-2's tree has a local change once the plan is posted (a dirty planner would refuse the
  // whole rollout). app-2 works out its claim while app-1 updates and makes it when app-1's pin
  // goes, before it reads that app-1 reverted (DESIGN §5.2): preparing then fails, and that is
  // no failure of app-2's turn, which never came.
  await fleet.waitFor('the plan', () => fleet.kinds(bad).includes('plan'));
  const server = join(fleet.get('app-2').sample.repoDir, 'server.js');
  await writeFile(server, '// a local change\n', { flag: 'a' });
  const halted = await fleet.waitFor('a halt', () => fleet.records(bad).find((r) => r.kind === 'halted'));
  assert.equal(halted.payload.host, 'app-1');
  assert.match(String(fleet.records(bad).find((r) => r.kind === 'reverted')?.payload.reason), /health check failed/);
  assert.equal(await fleet.version('app-1'), 'v2');
  assert.equal(await fleet.head('app-2'), fleet.origin.shas.v2);
  await new Promise((resolve) => setTimeout(resolve, 3000));
  assert.deepEqual(fleet.records(bad).filter((r) => r.kind === 'failed').map((r) => r.payload), [], 'no failure posted for app-2');
  await simpleGit(fleet.get('app-2').sample.repoDir).raw(['checkout', '--', 'server.js']);
});

test('the Promote button of the canary-healthy message: refused for a non-operator, promotes for an operator', async () => {
  const ts = await fleet.command('deploy canary v1');
  await fleet.waitFor('canary healthy', () => fleet.kinds(ts).includes('canary_healthy'));
  const healthy = fleet.replies(ts).find((m) => m.metadata?.event_type === 'troupe_canary_healthy');
  assert.ok(healthy);
  await fleet.waitFor('mallory\'s click delivered', () => fleet.slack.clickAsUser?.({ user: 'mallory', ts: healthy.ts, action_id: 'troupe_promote' }));
  await fleet.waitFor('the refusal', () => fleet.replies(ts).some((m) => /not an operator; only operators may promote/.test(m.text ?? '')));
  assert.ok(!fleet.kinds(ts).includes('promoted'));
  await fleet.waitFor('alice\'s click delivered', () => fleet.slack.clickAsUser?.({ user: 'alice', ts: healthy.ts, action_id: 'troupe_promote' }));
  await fleet.waitFor('two done records', () => fleet.kinds(ts).filter((k) => k === 'done').length === 2);
  assert.equal(fleet.records(ts).find((r) => r.kind === 'promoted')?.payload.by, fleet.slack.users.alice);
  for (const name of fleet.hosts.keys()) assert.equal(await fleet.version(name), 'v1');
});

test('deploy abort of a healthy canary returns the canary to its old sha; the others are never touched', async () => {
  const ts = await fleet.command('deploy canary v2');
  await fleet.waitFor('canary healthy', () => fleet.kinds(ts).includes('canary_healthy'));
  assert.equal(await fleet.version('app-1'), 'v2');
  await fleet.command('deploy abort');
  await fleet.waitFor('the canary rolled back', () => fleet.kinds(ts).includes('rolled_back'));
  assert.equal(await fleet.version('app-1'), 'v1');
  assert.equal(await fleet.head('app-1'), fleet.origin.shas.v1);
  assert.equal(await fleet.head('app-2'), fleet.origin.shas.v1);
  assert.ok(!fleet.records(ts).some((r) => r.payload.host === 'app-2'));
});
