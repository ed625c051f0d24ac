import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import type { WebClient } from '@slack/web-api';
import type { RunningLocalSlack } from '../../src/emulator/index.js';
import { localSlack, webClient } from './helpers.js';

let slack: RunningLocalSlack;
let web: WebClient;

before(async () => {
  slack = await localSlack();
  web = webClient(slack);
});
beforeEach(() => slack.reset());
after(() => slack.close());

type Message = Record<string, unknown>;
const post = (text: string, extra: Record<string, unknown> = {}) => web.chat.postMessage({ channel: slack.channel, text, ...extra });
const history = async (args: Record<string, unknown> = {}) =>
  ((await web.conversations.history({ channel: slack.channel, ...args })).messages ?? []) as Message[];

test('ts values match ^\\d{10}\\.\\d{6}$ and increase, and bot posts carry user, bot_id, app_id and bot_profile', async () => {
  const stamps: string[] = [];
  for (let i = 0; i < 20; i += 1) stamps.push((await post(`m${i}`)).ts!);
  for (const ts of stamps) assert.match(ts, /^\d{10}\.\d{6}$/);
  assert.deepEqual([...stamps].sort(), stamps);
  assert.equal(new Set(stamps).size, stamps.length);
  const [latest] = await history({ limit: 1 });
  assert.equal(latest?.user, slack.users.bot);
  assert.equal(latest?.bot_id, 'B0BOT00001');
  assert.equal(latest?.app_id, 'A0TROUPE01');
  assert.equal((latest?.bot_profile as Message).app_id, 'A0TROUPE01');
});

test('threads: replies carry thread_ts and parent_user_id; the parent counts them', async () => {
  const parent = (await slack.postAsUser({ user: 'alice', text: 'deploy canary' })).ts;
  const first = await post('claim', { thread_ts: parent });
  await slack.postAsUser({ user: 'mallory', text: '+1', thread_ts: parent });
  // Replying to a reply joins the parent's thread.
  const last = await post('done', { thread_ts: first.ts });
  const [top] = await history();
  assert.equal(top?.ts, parent);
  assert.equal(top?.reply_count, 3);
  assert.deepEqual(top?.reply_users, [slack.users.bot, slack.users.mallory]);
  assert.equal(top?.reply_users_count, 2);
  assert.equal(top?.latest_reply, last.ts);
  assert.equal(top?.thread_ts, parent);
  const replies = (await web.conversations.replies({ channel: slack.channel, ts: parent })).messages as Message[];
  assert.deepEqual(replies.map((m) => m.text), ['deploy canary', 'claim', '+1', 'done']);
  assert.ok(replies.slice(1).every((m) => m.thread_ts === parent && m.parent_user_id === slack.users.alice));
  assert.equal((await history()).length, 1, 'replies stay out of the channel history');
});

test('metadata: event_payload only with include_all_metadata; chat.update keeps it unless given {}', async () => {
  const metadata = { event_type: 'troupe_claim', event_payload: { v: 1, host: 'web-1' } };
  const { ts } = await post('claim', { metadata });
  assert.deepEqual((await history())[0]?.metadata, { event_type: 'troupe_claim' });
  assert.deepEqual((await history({ include_all_metadata: true }))[0]?.metadata, metadata);
  await web.chat.update({ channel: slack.channel, ts: ts!, text: 'claim (renewed)' });
  const [edited] = await history({ include_all_metadata: true });
  assert.deepEqual(edited?.metadata, metadata);
  assert.deepEqual(edited?.edited && Object.keys(edited.edited as object).sort(), ['ts', 'user']);
  assert.equal((edited?.edited as Message).user, slack.users.bot);
  await web.chat.update({ channel: slack.channel, ts: ts!, text: 'claim', metadata: {} as never });
  assert.equal((await history({ include_all_metadata: true }))[0]?.metadata, undefined);
});

test('deleting a reply removes it and updates the parent; deleting a message removes it from history', async () => {
  const parent = (await post('deploy')).ts!;
  const reply = (await post('claim', { thread_ts: parent })).ts!;
  await web.chat.delete({ channel: slack.channel, ts: reply });
  assert.equal((await history())[0]?.reply_count, undefined);
  await web.chat.delete({ channel: slack.channel, ts: parent });
  assert.deepEqual(await history(), []);
});

test('text over 40,000 characters is truncated with Slack\'s warning', async () => {
  const result = await post('a'.repeat(40_005));
  assert.equal((result.message as Message).text, 'a'.repeat(40_000));
  assert.deepEqual(result.response_metadata?.warnings, ['message_truncated']);
  assert.match(String(result.response_metadata?.messages?.[0]), /truncated/);
});

test('reactions are per user per name, with counts', async () => {
  const { ts } = await post('deploy');
  await web.reactions.add({ channel: slack.channel, timestamp: ts!, name: 'white_check_mark' });
  await slack.reactAsUser({ user: 'alice', name: 'white_check_mark', timestamp: ts! });
  await slack.reactAsUser({ user: 'alice', name: 'eyes', timestamp: ts! });
  const got = await web.reactions.get({ channel: slack.channel, timestamp: ts! });
  assert.deepEqual(got.message?.reactions, [
    { name: 'white_check_mark', users: [slack.users.bot, slack.users.alice], count: 2 },
    { name: 'eyes', users: [slack.users.alice], count: 1 },
  ]);
  await web.reactions.remove({ channel: slack.channel, timestamp: ts!, name: 'white_check_mark' });
  const [message] = await history();
  assert.deepEqual(message?.reactions, [
    { name: 'white_check_mark', users: [slack.users.alice], count: 1 },
    { name: 'eyes', users: [slack.users.alice], count: 1 },
  ]);
});

test('pins: pinned_to on the message; pins.list items with created and created_by', async () => {
  const { ts } = await post('deploy');
  const other = (await post('run uptime')).ts!;
  await web.pins.add({ channel: slack.channel, timestamp: ts! });
  await slack.pinAsUser({ user: 'alice', timestamp: other });
  const items = (await web.pins.list({ channel: slack.channel })).items ?? [];
  assert.deepEqual(items.map((i) => [i.message?.ts, i.created_by]).sort(), [[ts, slack.users.bot], [other, slack.users.alice]].sort());
  assert.ok(items.every((i) => typeof i.created === 'number' && i.created > 1_600_000_000 && i.channel === slack.channel));
  assert.deepEqual((await history())[1]?.pinned_to, [slack.channel]);
  assert.equal((await web.conversations.history({ channel: slack.channel })).pin_count, 2);
});

test('chat.getPermalink names the channel and the message', async () => {
  const { ts } = await post('deploy');
  const link = await web.chat.getPermalink({ channel: slack.channel, message_ts: ts! });
  assert.equal(link.permalink, `${slack.baseUrl}archives/${slack.channel}/p${ts!.replace('.', '')}`);
});

test('snapshot lists the channel with replies, oldest first, with full metadata', async () => {
  const parent = (await post('deploy', { metadata: { event_type: 'troupe_plan', event_payload: { v: 1 } } })).ts!;
  await post('claim', { thread_ts: parent });
  const snapshot = slack.snapshot() as Message[];
  assert.deepEqual(snapshot.map((m) => m.text), ['deploy', 'claim']);
  assert.deepEqual(snapshot[0]?.metadata, { event_type: 'troupe_plan', event_payload: { v: 1 } });
});

test('deleting a thread parent with replies leaves a tombstone until its last reply goes', async () => {
  const parent = (await post('deploy')).ts!;
  const reply = (await post('claim', { thread_ts: parent })).ts!;
  await web.chat.delete({ channel: slack.channel, ts: parent });
  const [tombstone] = await history();
  assert.deepEqual([tombstone?.ts, tombstone?.subtype, tombstone?.text, tombstone?.reply_count], [parent, 'tombstone', 'This message was deleted.', 1]);
  assert.equal(((await web.conversations.replies({ channel: slack.channel, ts: parent })).messages ?? []).length, 2);
  await web.chat.delete({ channel: slack.channel, ts: reply });
  assert.deepEqual(await history(), []);
});

test('user groups: usergroups.users.list gives the members; an unknown group is no_such_subteam', async () => {
  const members = await web.usergroups.users.list({ usergroup: 'S0OPERATOR' });
  assert.deepEqual(members.users, [slack.users.alice]);
  const groups = await web.usergroups.list({ include_users: true });
  assert.deepEqual(groups.usergroups?.map((g) => [g.handle, g.users]), [['operators', [slack.users.alice]]]);
  const error = (await web.usergroups.users.list({ usergroup: 'S0NOPE' }).catch((e: unknown) => e)) as { data: { error: string } };
  assert.equal(error.data.error, 'no_such_subteam');
});
