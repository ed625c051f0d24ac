import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ErrorCode, type WebAPIPlatformError, type WebClient } from '@slack/web-api';
import type { RunningLocalSlack } from '../../src/emulator/index.js';
import { localSlack, webClient } from './helpers.js';
import { documentedErrors } from './shape.js';

/**
 * Errors Slack documents outside the 2021 method specs (fixtures/documented-errors.json):
 * - everywhere: `missing_scope` (Slack's common errors), `not_allowed_token_type`, `invalid_arguments`;
 * - pins.remove: `no_pin` (the method page's typical error; the live API answers it);
 * - pins.add: `not_in_channel`; reactions.*: `channel_not_found` (current method pages);
 * - chat.postMessage: `invalid_metadata_format` (metadata docs), `invalid_thread_ts`.
 */
const alsoDocumented: Record<string, string[]> = {
  '*': ['missing_scope', 'not_allowed_token_type', 'invalid_arguments'],
  'pins.remove': ['no_pin'],
  'pins.add': ['not_in_channel'],
  'reactions.add': ['channel_not_found'],
  'reactions.remove': ['channel_not_found'],
  'reactions.get': ['channel_not_found'],
  'chat.postMessage': ['invalid_metadata_format', 'invalid_thread_ts'],
};

let slack: RunningLocalSlack;
let web: WebClient;
let ts: string;
let aliceTs: string;

before(async () => {
  slack = await localSlack();
  web = webClient(slack);
  ts = (await web.chat.postMessage({ channel: slack.channel, text: 'deploy canary' })).ts!;
  aliceTs = (await slack.postAsUser({ user: 'alice', text: 'hi' })).ts;
});
after(() => slack.close());

async function slackError(call: () => Promise<unknown>): Promise<WebAPIPlatformError> {
  try {
    await call();
  } catch (error) {
    assert.equal((error as WebAPIPlatformError).code, ErrorCode.PlatformError, String(error));
    return error as WebAPIPlatformError;
  }
  throw new assert.AssertionError({ message: 'the call succeeded, an error was expected' });
}

const cases: [method: string, expected: string, call: () => Promise<unknown>][] = [
  ['auth.test', 'invalid_auth', () => webClient(slack, undefined, 'xoxb-not-a-token').auth.test()],
  ['auth.test', 'not_authed', () => webClient(slack, undefined, '').auth.test()],
  ['chat.postMessage', 'channel_not_found', () => web.chat.postMessage({ channel: 'C0NOPE', text: 'x' })],
  ['chat.postMessage', 'no_text', () => web.apiCall('chat.postMessage', { channel: slack.channel })],
  ['chat.postMessage', 'invalid_metadata_format', () => web.apiCall('chat.postMessage', { channel: slack.channel, text: 'x', metadata: '{nope' })],
  ['chat.postMessage', 'invalid_thread_ts', () => web.chat.postMessage({ channel: slack.channel, text: 'x', thread_ts: '12' })],
  ['chat.update', 'message_not_found', () => web.chat.update({ channel: slack.channel, ts: '1000000000.000001', text: 'x' })],
  ['chat.update', 'cant_update_message', () => web.chat.update({ channel: slack.channel, ts: aliceTs, text: 'x' })],
  ['chat.delete', 'message_not_found', () => web.chat.delete({ channel: slack.channel, ts: '1000000000.000001' })],
  ['chat.delete', 'cant_delete_message', () => web.chat.delete({ channel: slack.channel, ts: aliceTs })],
  ['conversations.history', 'channel_not_found', () => web.conversations.history({ channel: 'C0NOPE' })],
  ['conversations.history', 'invalid_ts_oldest', () => web.conversations.history({ channel: slack.channel, oldest: 'yesterday' })],
  ['conversations.replies', 'thread_not_found', () => web.conversations.replies({ channel: slack.channel, ts: '1000000000.000001' })],
  ['conversations.info', 'channel_not_found', () => web.conversations.info({ channel: 'C0NOPE' })],
  ['pins.add', 'no_item_specified', () => web.apiCall('pins.add', { channel: slack.channel })],
  ['pins.add', 'bad_timestamp', () => web.pins.add({ channel: slack.channel, timestamp: 'soon' })],
  ['pins.add', 'message_not_found', () => web.pins.add({ channel: slack.channel, timestamp: '1000000000.000001' })],
  ['pins.remove', 'no_pin', () => web.pins.remove({ channel: slack.channel, timestamp: ts })],
  ['pins.list', 'channel_not_found', () => web.pins.list({ channel: 'C0NOPE' })],
  ['reactions.add', 'invalid_name', () => web.reactions.add({ channel: slack.channel, timestamp: ts, name: 'No Such Emoji!' })],
  ['reactions.remove', 'no_reaction', () => web.reactions.remove({ channel: slack.channel, timestamp: ts, name: 'eyes' })],
  ['reactions.get', 'message_not_found', () => web.reactions.get({ channel: slack.channel, timestamp: '1000000000.000001' })],
  ['users.info', 'user_not_found', () => web.users.info({ user: 'U0NOPE' })],
  ['apps.connections.open', 'not_allowed_token_type', () => web.apps.connections.open()],
];

test('each error is Slack\'s, documented for its method, and surfaces as WebAPIPlatformError', async () => {
  for (const [method, expected, call] of cases) {
    const error = await slackError(call);
    assert.equal(error.data.error, expected, method);
    assert.equal(error.data.ok, false);
    const documented = [...documentedErrors(method), ...(alsoDocumented[method] ?? []), ...(alsoDocumented['*'] ?? [])];
    assert.ok(documented.includes(expected), `${method}: ${expected} is not a documented error`);
  }
});

test('pinning a pinned message fails with already_pinned; reacting twice with already_reacted', async () => {
  await web.pins.add({ channel: slack.channel, timestamp: ts });
  const pinned = await slackError(() => web.pins.add({ channel: slack.channel, timestamp: ts }));
  assert.equal(pinned.data.error, 'already_pinned');
  assert.ok(documentedErrors('pins.add').includes('already_pinned'));
  await web.reactions.add({ channel: slack.channel, timestamp: ts, name: 'eyes' });
  const reacted = await slackError(() => web.reactions.add({ channel: slack.channel, timestamp: ts, name: ':eyes:' }));
  assert.equal(reacted.data.error, 'already_reacted');
  await web.pins.remove({ channel: slack.channel, timestamp: ts });
  assert.equal((await slackError(() => web.pins.remove({ channel: slack.channel, timestamp: ts }))).data.error, 'no_pin');
});

test('an unknown method gets unknown_method', async () => {
  const error = await slackError(() => web.apiCall('frobnicate.now', {}));
  assert.equal(error.data.error, 'unknown_method');
});
