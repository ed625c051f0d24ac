import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Fleet, sleep } from './helpers/fleet.js';

const commands = (dir: string) => `  slow:
    argv: [sh, -c, 'echo started >> ${join(dir, 'slow-runs')}; sleep 3; echo finished']
  uptime:
    argv: [uptime]
`;

function runs(fleet: Fleet): number {
  const file = join(fleet.dir, 'slow-runs');
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').length : 0;
}

let fleet: Fleet;
before(async () => {
  fleet = await Fleet.start({ hosts: ['web-1', 'web-2'], commands });
});
after(async () => {
  await fleet?.stopAll();
});

test('an agent killed mid-command and restarted never runs it again, and says so in the thread', async () => {
  const { ts } = await fleet.slack.postAsUser({ user: 'alice', text: 'run slow on web-1' });
  await fleet.waitFor('the command to start', () => runs(fleet) === 1);
  const web1 = fleet.agents.get('web-1');
  web1?.child.kill('SIGKILL');
  await web1?.child;
  fleet.spawn('web-1');
  await fleet.waitFor('the interruption to be reported', () =>
    fleet.replies(ts).some((m) => /web-1\* stopped while running this command/.test(m.text ?? '')),
  );
  await sleep(2500);
  assert.equal(runs(fleet), 1);
  assert.deepEqual(fleet.outputs(ts), []);
  const reactions = fleet.messages().find((m) => m.ts === ts)?.reactions?.map((r) => r.name) ?? [];
  assert.ok(reactions.includes('x'), `reactions: ${reactions.join(',')}`);
  assert.equal(reactions.includes('hourglass_flowing_sand'), false);
  const audit = readFileSync(join(fleet.agents.get('web-1')?.stateDir ?? '', 'audit.jsonl'), 'utf8');
  assert.match(audit, /interrupted/);
});

test('the holder of `run … on any` killed mid-command: no second run anywhere, and the lock is released', async () => {
  await fleet.waitForRoster(['web-1', 'web-2']);
  const before = runs(fleet);
  const { ts } = await fleet.slack.postAsUser({ user: 'alice', text: 'run slow' });
  await fleet.waitFor('the command to start', () => runs(fleet) === before + 1);
  const claim = fleet.replies(ts).find((m) => m.metadata?.event_type === 'troupe_claim');
  const holder = String(claim?.metadata?.event_payload?.host);
  const agent = fleet.agents.get(holder);
  agent?.child.kill('SIGKILL');
  await agent?.child;
  fleet.spawn(holder);
  await fleet.waitFor('the release', () => fleet.replies(ts).some((m) => m.metadata?.event_type === 'troupe_release'));
  await sleep(2500);
  assert.equal(runs(fleet), before + 1);
  assert.deepEqual(fleet.outputs(ts), []);
  assert.equal(fleet.messages().find((m) => m.ts === ts)?.pinned_to, undefined);
});

test('events delivered twice (acks too slow for the local Slack) still run each command once per host', async () => {
  const fleet = await Fleet.start({ hosts: ['web-1', 'web-2', 'web-3'], commands, ackTimeoutMs: 1 });
  try {
    const all = await fleet.slack.postAsUser({ user: 'alice', text: 'run uptime on all' });
    const any = await fleet.slack.postAsUser({ user: 'alice', text: 'run uptime' });
    await fleet.waitFor('outputs', () => fleet.outputs(all.ts).length >= 3 && fleet.outputs(any.ts).length >= 1);
    await sleep(3000);
    assert.deepEqual(fleet.outputs(all.ts).sort(), ['web-1', 'web-2', 'web-3']);
    assert.equal(fleet.outputs(any.ts).length, 1);
  } finally {
    await fleet.stopAll();
  }
});
