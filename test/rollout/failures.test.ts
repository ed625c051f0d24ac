import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { RolloutFleet } from './helpers/rollout-fleet.js';

let fleet: RolloutFleet;
before(async () => {
  fleet = await RolloutFleet.start({ healthDeadline: 30 });
});
after(() => fleet?.stop());

async function heads(): Promise<string[]> {
  return Promise.all([...fleet.hosts.keys()].map((h) => fleet.head(h)));
}

test('deploy rolling v4 (the agent crashes at start-up): the guard brings the first host back to v1, the rollout halts, the lock is free', async () => {
  const ts = await fleet.command('deploy rolling v4');
  const halted = await fleet.waitFor('a halt', () => fleet.records(ts).find((r) => r.kind === 'halted'));
  assert.equal(halted.payload.code, 'failures');
  const reverted = fleet.records(ts).find((r) => r.kind === 'reverted');
  assert.equal(reverted?.payload.host, 'web-1');
  assert.match(String(reverted?.payload.reason), /crash loop|health deadline/);
  assert.match(String(reverted?.payload.log_tail), /v4 cannot start/);
  assert.equal(await fleet.head('web-1'), fleet.origin.shas.v1);
  assert.equal(await fleet.version('web-1'), 'v1');
  assert.deepEqual(await heads(), [fleet.origin.shas.v1, fleet.origin.shas.v1, fleet.origin.shas.v1]);
  await fleet.waitFor('the pin removed', () => (fleet.messages().find((m) => m.ts === ts)?.pinned_to ?? []).length === 0);
  assert.ok(fleet.kinds(ts).includes('release'));
});

for (const [what, text, reason] of [
  ['a ref that does not exist', 'deploy rolling no-such-ref', /no-such-ref names no commit/],
  ['a ref outside the allowed branch', 'deploy rolling off-main', /not on origin\/main/],
] as const) {
  test(`${what} is refused with the reason; nothing changes`, async () => {
    const ts = await fleet.command(text);
    const halted = await fleet.waitFor('a refusal', () => fleet.records(ts).find((r) => r.kind === 'halted'));
    assert.match(String(halted.payload.reason), reason);
    assert.ok(!fleet.kinds(ts).includes('plan'));
    assert.ok(!fleet.kinds(ts).includes('claim'));
    assert.deepEqual(await heads(), [fleet.origin.shas.v1, fleet.origin.shas.v1, fleet.origin.shas.v1]);
  });
}

test('a command from a non-operator is refused; nothing runs', async () => {
  const ts = await fleet.command('deploy rolling v2', 'mallory');
  await fleet.waitFor('a refusal', () => fleet.replies(ts).some((m) => /not an operator/.test(m.text ?? '')));
  assert.ok(!fleet.kinds(ts).includes('plan'));
  assert.deepEqual(await heads(), [fleet.origin.shas.v1, fleet.origin.shas.v1, fleet.origin.shas.v1]);
});

test('a dirty working tree is refused with what to do; nothing changes', async () => {
  await writeFile(join(fleet.get('web-1').sample.repoDir, 'server.js'), '// edited by hand\n', { flag: 'a' });
  const ts = await fleet.command('deploy rolling v2');
  const halted = await fleet.waitFor('a refusal', () => fleet.records(ts).find((r) => r.kind === 'halted'));
  assert.match(String(halted.payload.reason), /uncommitted changes/);
  assert.ok(!fleet.kinds(ts).includes('claim'));
  assert.deepEqual(await heads(), [fleet.origin.shas.v1, fleet.origin.shas.v1, fleet.origin.shas.v1]);
});

test('unlock in the channel answers once, through the break protocol: a free lock has nothing to break', async () => {
  const target = await fleet.command('just a message');
  const ts = await fleet.command(`unlock ${target} stuck after a crash`);
  await fleet.waitFor('the answer', () => fleet.replies(ts).some((m) => /Nothing to unlock/.test(m.text ?? '')));
  await new Promise((resolve) => setTimeout(resolve, 4000));
  assert.equal(fleet.replies(ts).filter((m) => /unlock/i.test(m.text ?? '')).length, 1, JSON.stringify(fleet.replies(ts).map((m) => m.text)));
  assert.match(fleet.replies(ts).find((m) => /Nothing to unlock/.test(m.text ?? ''))?.text ?? '', /is free/);
});
