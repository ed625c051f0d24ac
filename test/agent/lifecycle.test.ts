import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Fleet, sleep } from './helpers/fleet.js';

const commands = (dir: string) => `  slow:
    argv: [sh, -c, 'touch ${join(dir, 'slow-started')}; sleep 2; echo slow-finished']
  touch:
    argv: [touch, ${join(dir, 'side-effect')}]
`;

let fleet: Fleet;
before(async () => {
  fleet = await Fleet.start({ hosts: ['web-1', 'web-2'], commands, devChannel: true });
});
after(async () => {
  await fleet?.stopAll();
});

test('every agent reconnects its socket after the connections drop', async () => {
  const opens = (client: string) => fleet.slack.callLog().filter((c) => c.method === 'apps.connections.open' && c.client === client).length;
  const socketHosts = () =>
    fleet.messages().filter((m) => m.metadata?.event_type === 'troupe_agent' && m.metadata.event_payload?.connection === 'socket').length;
  await fleet.waitFor('both agents on their sockets', () => socketHosts() === 2);
  const before = { 'web-1': opens('web-1'), 'web-2': opens('web-2') };
  fleet.slack.dropSockets();
  await fleet.waitFor('reconnections', () => opens('web-1') > before['web-1'] && opens('web-2') > before['web-2'], 40_000);
  const { ts } = await fleet.slack.postAsUser({ user: 'alice', text: 'hosts' });
  await fleet.waitFor('an answer after reconnecting', () => fleet.replies(ts).some((m) => /agents up/.test(m.text ?? '')));
});

test('a command in another channel does nothing', async () => {
  const { ts } = await fleet.slack.postAsUser({ user: 'alice', text: 'run touch on all', channel: 'C0DEV00001' });
  const control = await fleet.slack.postAsUser({ user: 'alice', text: 'hosts' });
  await fleet.waitFor('an answer in the fleet channel', () => fleet.replies(control.ts).some((m) => /agents up/.test(m.text ?? '')));
  await sleep(1500);
  assert.equal(existsSync(join(fleet.dir, 'side-effect')), false);
  assert.deepEqual(fleet.messages('C0DEV00001').filter((m) => m.thread_ts === ts && m.ts !== ts), []);
});

test('a storm of 429s on the history: the agent waits as told and serves afterwards', async () => {
  fleet.slack.setFaults({ rateLimitStorm: { seconds: 3, retryAfter: 1, methods: ['conversations.history'] } });
  const { ts } = await fleet.slack.postAsUser({ user: 'alice', text: 'run touch on web-2' });
  await fleet.waitFor('the command after the storm', () => fleet.outputs(ts).length === 1, 40_000);
  fleet.slack.clearFaults();
  assert.match(fleet.logs(), /rate limited on conversations\.history; waiting 1 s as Slack asks/);
  const limited = fleet.slack.callLog().filter((c) => c.method === 'conversations.history' && c.rateLimited);
  assert.ok(limited.length > 0);
});

test('SIGTERM lets the running command finish, marks the roster stopping, and exits 0', async () => {
  const { ts } = await fleet.slack.postAsUser({ user: 'alice', text: 'run slow on web-1' });
  await fleet.waitFor('the command to start', () => existsSync(join(fleet.dir, 'slow-started')));
  const web1 = fleet.agents.get('web-1');
  web1?.child.kill('SIGTERM');
  const result = await web1?.child;
  assert.equal(result?.exitCode, 0);
  assert.deepEqual(fleet.outputs(ts), ['web-1']);
  assert.match(fleet.replies(ts).find((m) => m.metadata?.event_type === 'troupe_output')?.text ?? '', /slow-finished/);
  const roster = fleet.messages().filter((m) => m.metadata?.event_type === 'troupe_agent' && m.metadata.event_payload?.host === 'web-1');
  assert.deepEqual(roster.map((m) => m.metadata?.event_payload?.state), ['stopping']);
});
