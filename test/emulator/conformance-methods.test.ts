import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { WebClient } from '@slack/web-api';
import type { RunningLocalSlack } from '../../src/emulator/index.js';
import { localSlack, webClient } from './helpers.js';
import { sample, shapeViolations, withoutClientAdditions } from './shape.js';

/*
 * Every key the local Slack emits for a method exists in the recorded sample of that method with
 * the same JSON type. Where the sample lacks a key that other recordings show, the reference is
 * widened here, each case with its source:
 * - history/replies: `pinned_to` on pinned messages (pins.list example and pin_added sample show it on messages);
 * - pins.list: `items[].channel`/`items[].message` (the sample lacks message items; the pin_added
 *   sample's `event.item` is the same object);
 * - chat.postMessage: `response_metadata.warnings` (Slack's truncation warning, 2018 changelog).
 */
let slack: RunningLocalSlack;
let web: WebClient;

before(async () => {
  slack = await localSlack();
  web = webClient(slack);
});
after(() => slack.close());

function withPinnedTo(reference: Record<string, unknown>): Record<string, unknown> {
  const messages = reference.messages as Record<string, unknown>[];
  messages[0] = { ...messages[0], pinned_to: [''] };
  return reference;
}

function conforms(result: unknown, reference: unknown, what: string): void {
  const body = withoutClientAdditions(result as Record<string, unknown>);
  assert.deepEqual(shapeViolations(body, reference), [], `${what}: keys not in the recorded sample`);
}

async function thread() {
  slack.reset();
  const parent = await web.chat.postMessage({
    channel: slack.channel,
    text: 'deploy canary',
    metadata: { event_type: 'troupe_plan', event_payload: { v: 1, sha: 'abc' } },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'deploy canary' } }],
  });
  const reply = await web.chat.postMessage({ channel: slack.channel, text: 'claim', thread_ts: parent.ts });
  await slack.postAsUser({ user: 'alice', text: 'looks good', thread_ts: parent.ts });
  await slack.postAsUser({ user: 'alice', text: 'status' });
  await web.pins.add({ channel: slack.channel, timestamp: parent.ts! });
  await web.reactions.add({ channel: slack.channel, timestamp: parent.ts!, name: 'white_check_mark' });
  await web.chat.update({ channel: slack.channel, ts: reply.ts!, text: 'claim (renewed)' });
  return { parent: parent.ts!, reply: reply.ts! };
}

test('chat.postMessage, chat.update, chat.delete and chat.getPermalink answer with recorded keys', async () => {
  const posted = await web.chat.postMessage({ channel: slack.channel, text: 'x'.repeat(40_001), metadata: { event_type: 't', event_payload: {} } });
  const postReference = sample('api/chat.postMessage.json');
  (postReference.response_metadata as Record<string, unknown>).warnings = [''];
  conforms(posted, postReference, 'chat.postMessage');
  const reply = await web.chat.postMessage({ channel: slack.channel, text: 'r', thread_ts: posted.ts });
  conforms(reply, postReference, 'chat.postMessage in a thread');
  conforms(await web.chat.update({ channel: slack.channel, ts: posted.ts!, text: 'y' }), sample('api/chat.update.json'), 'chat.update');
  const link = await web.chat.getPermalink({ channel: slack.channel, message_ts: posted.ts! });
  // No recorded sample: the documented response is { ok, channel, permalink }.
  conforms(link, { ok: true, channel: '', permalink: '' }, 'chat.getPermalink');
  conforms(await web.chat.delete({ channel: slack.channel, ts: reply.ts! }), sample('api/chat.delete.json'), 'chat.delete');
});

test('conversations.history and conversations.replies answer with recorded keys', async () => {
  const { parent } = await thread();
  const history = await web.conversations.history({ channel: slack.channel, include_all_metadata: true, limit: 2 });
  assert.ok(history.messages?.some((m) => m.reply_count === 2 && (m as { pinned_to?: string[] }).pinned_to?.length === 1), 'the thread parent shows its replies and pin');
  conforms(history, withPinnedTo(sample('api/conversations.history.json')), 'conversations.history');
  conforms(await web.conversations.history({ channel: slack.channel }), withPinnedTo(sample('api/conversations.history.json')), 'conversations.history without metadata');
  const replies = await web.conversations.replies({ channel: slack.channel, ts: parent, include_all_metadata: true });
  assert.equal(replies.messages?.length, 3);
  conforms(replies, withPinnedTo(sample('api/conversations.replies.json')), 'conversations.replies');
});

test('pins, reactions, users, conversations.info/list, auth.test and apps.connections.open answer with recorded keys', async () => {
  const { parent } = await thread();
  const pinsReference = sample('api/pins.list.json');
  const pinItem = (sample('events/PinAddedPayload.json').event as Record<string, unknown>).item as Record<string, unknown>;
  (pinsReference.items as Record<string, unknown>[])[0] = { ...(pinsReference.items as object[])[0], channel: '', message: pinItem.message };
  const pins = await web.pins.list({ channel: slack.channel });
  assert.equal(pins.items?.length, 1);
  conforms(pins, pinsReference, 'pins.list');
  conforms(await web.reactions.get({ channel: slack.channel, timestamp: parent }), sample('api/reactions.get.json'), 'reactions.get');
  conforms(await web.reactions.remove({ channel: slack.channel, timestamp: parent, name: 'white_check_mark' }), sample('api/reactions.remove.json'), 'reactions.remove');
  conforms(await web.reactions.add({ channel: slack.channel, timestamp: parent, name: 'eyes' }), sample('api/reactions.add.json'), 'reactions.add');
  conforms(await web.pins.remove({ channel: slack.channel, timestamp: parent }), sample('api/pins.remove.json'), 'pins.remove');
  conforms(await web.pins.add({ channel: slack.channel, timestamp: parent }), sample('api/pins.add.json'), 'pins.add');
  const info = sample('api/conversations.info.json');
  conforms(await web.conversations.info({ channel: slack.channel }), info, 'conversations.info');
  // No recorded conversations.list: its channels are the objects conversations.info returns.
  conforms(await web.conversations.list(), { ok: true, channels: [info.channel], response_metadata: { next_cursor: '' } }, 'conversations.list');
  const user = sample('api/users.info.json');
  conforms(await web.users.info({ user: slack.users.alice! }), user, 'users.info');
  conforms(await web.users.info({ user: slack.users.bot! }), user, 'users.info (bot)');
  // No recorded users.list: its members are the objects users.info returns.
  conforms(await web.users.list({}), { ok: true, members: [user.user], cache_ts: 0, response_metadata: { next_cursor: '' } }, 'users.list');
  conforms(await web.auth.test(), sample('api/auth.test.json'), 'auth.test');
  const open = await webClient(slack, undefined, slack.appToken).apps.connections.open();
  assert.match(String(open.url), /^ws:\/\//);
  conforms(open, sample('api/apps.connections.open.json'), 'apps.connections.open');
});
