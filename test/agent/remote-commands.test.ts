import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Fleet, sleep } from './helpers/fleet.js';

const echoArgs = Array.from({ length: 12 }, (_, i) => `      - { name: a${i}, pattern: '.+', optional: ${i > 0} }`).join('\n');
const commands = (dir: string) => `  uptime:
    argv: [uptime]
  touch:
    argv: [touch, ${join(dir, 'side-effect')}]
  echo:
    argv: [echo]
    args:
${echoArgs}
  env:
    argv: [env]
`;

let fleet: Fleet;
before(async () => {
  fleet = await Fleet.start({ hosts: ['web-1', 'web-2', 'web-3'], commands });
});
after(async () => {
  await fleet?.stopAll();
});

/** Waits until `count` outputs are in the thread, then a little longer so a duplicate would show. */
async function outputsOf(ts: string, count: number): Promise<string[]> {
  await fleet.waitFor(`${count} output(s) in ${ts}`, () => fleet.outputs(ts).length >= count);
  await sleep(2500);
  return fleet.outputs(ts);
}

test('run uptime is answered exactly once across three agents', async () => {
  const { ts } = await fleet.slack.postAsUser({ user: 'alice', text: 'run uptime' });
  const outputs = await outputsOf(ts, 1);
  assert.equal(outputs.length, 1);
  const reactions = fleet.messages().find((m) => m.ts === ts)?.reactions?.map((r) => r.name) ?? [];
  assert.deepEqual(reactions, ['white_check_mark']);
});

test('run uptime on all runs once on each host, though socket events reach one agent each', async () => {
  const { ts } = await fleet.slack.postAsUser({ user: 'alice', text: 'run uptime on all' });
  const outputs = await outputsOf(ts, 3);
  assert.deepEqual([...outputs].sort(), ['web-1', 'web-2', 'web-3']);
});

test('run uptime on web-2 runs only on web-2', async () => {
  const { ts } = await fleet.slack.postAsUser({ user: 'alice', text: 'run uptime on web-2' });
  assert.deepEqual(await outputsOf(ts, 1), ['web-2']);
});

test('mallory is refused in the thread, and nothing runs', async () => {
  const { ts } = await fleet.slack.postAsUser({ user: 'mallory', text: 'run touch on all' });
  await fleet.waitFor('a refusal', () => fleet.replies(ts).some((m) => /Refused/.test(m.text ?? '')));
  await sleep(2500);
  const refusals = fleet.replies(ts).filter((m) => /Refused/.test(m.text ?? ''));
  assert.equal(refusals.length, 1);
  assert.match(refusals[0]?.text ?? '', new RegExp(`${fleet.slack.users.mallory}.*not an operator`));
  assert.equal(existsSync(join(fleet.dir, 'side-effect')), false);
  assert.deepEqual(fleet.outputs(ts), []);
});

test('a command edited after the fact does nothing more', async () => {
  const { ts } = await fleet.slack.postAsUser({ user: 'alice', text: 'run uptime on web-1' });
  await outputsOf(ts, 1);
  await fleet.slack.editAsUser({ user: 'alice', ts, text: 'run touch on all' });
  await sleep(3000);
  assert.deepEqual(fleet.outputs(ts), ['web-1']);
  assert.equal(existsSync(join(fleet.dir, 'side-effect')), false);
});

test('shell metacharacters in arguments are passed as plain text', async () => {
  const marks = ['dollar', 'backtick', 'semicolon', 'and'].map((name) => join(fleet.dir, `meta-${name}`));
  const text = `run echo $(touch ${marks[0]}) \`touch ${marks[1]}\` ; touch ${marks[2]} && touch ${marks[3]} on web-3`;
  const { ts } = await fleet.slack.postAsUser({ user: 'alice', text });
  await outputsOf(ts, 1);
  const reply = fleet.replies(ts).find((m) => m.metadata?.event_type === 'troupe_output')?.text ?? '';
  assert.ok(reply.includes(`$(touch ${marks[0]})`), reply);
  assert.ok(reply.includes('; touch'), reply);
  for (const mark of marks) assert.equal(existsSync(mark), false, `${mark} must not exist`);
});

test('an argument that fails its pattern is refused and nothing runs', async () => {
  const { ts } = await fleet.slack.postAsUser({ user: 'alice', text: 'run uptime now on web-1' });
  await fleet.waitFor('a refusal', () => fleet.replies(ts).some((m) => /did not run/.test(m.text ?? '')));
  assert.deepEqual(fleet.outputs(ts), []);
});

test('no token appears in any log or reply of the run, even from `env`', async () => {
  const { ts } = await fleet.slack.postAsUser({ user: 'alice', text: 'run env on web-1' });
  await outputsOf(ts, 1);
  const everything = `${fleet.logs()}\n${JSON.stringify(fleet.messages())}`;
  assert.ok(everything.includes('web-1'));
  for (const token of [fleet.slack.botToken, fleet.slack.appToken]) assert.equal(everything.includes(token), false);
  assert.doesNotMatch(everything, /x(?:ox[a-z]|app)-[A-Za-z0-9-]{6,}/);
});
