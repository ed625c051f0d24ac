import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WebAPIPlatformError } from '@slack/web-api';
import { defaultSeed } from '../../src/emulator/seed.js';
import { localSlack, webClient } from './helpers.js';

test('a token without a scope gets missing_scope with needed and provided; x-oauth-scopes lists its scopes', async () => {
  const seed = defaultSeed();
  seed.bot.scopes = seed.bot.scopes.filter((scope) => scope !== 'pins:write');
  const slack = await localSlack({ seed });
  try {
    const web = webClient(slack);
    const ok = await web.auth.test();
    // The official client turns the x-oauth-scopes header into response_metadata.scopes.
    assert.deepEqual(ok.response_metadata?.scopes, seed.bot.scopes);
    const { ts } = await web.chat.postMessage({ channel: slack.channel, text: 'deploy' });
    const error = (await web.pins.add({ channel: slack.channel, timestamp: ts! }).catch((e: unknown) => e)) as WebAPIPlatformError;
    assert.equal(error.data.error, 'missing_scope');
    const data = error.data as unknown as Record<string, unknown>;
    assert.equal(data.needed, 'pins:write');
    assert.equal(data.provided, seed.bot.scopes.join(','));
  } finally {
    await slack.close();
  }
});

test('a seed can leave the bot out of a channel: not_in_channel on post, is_member false on info', async () => {
  const seed = defaultSeed();
  seed.channels.push({ id: 'C0ELSEWHR1', name: 'elsewhere', members: ['U0ALICE001'] });
  const slack = await localSlack({ seed });
  try {
    const web = webClient(slack);
    const error = (await web.chat.postMessage({ channel: 'C0ELSEWHR1', text: 'x' }).catch((e: unknown) => e)) as WebAPIPlatformError;
    assert.equal(error.data.error, 'not_in_channel');
    assert.equal((await web.conversations.info({ channel: 'C0ELSEWHR1' })).channel?.is_member, false);
    assert.equal((await web.conversations.info({ channel: slack.channel })).channel?.is_member, true);
  } finally {
    await slack.close();
  }
});

test('bad input gets Slack\'s errors and the server keeps serving', async () => {
  // Raw HTTP on purpose: the official client cannot send malformed bodies.
  const slack = await localSlack();
  try {
    const call = async (method: string, body: string | Buffer, type = 'application/json') => {
      const response = await fetch(`${slack.apiUrl}${method}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${slack.botToken}`, 'content-type': type },
        body,
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    assert.deepEqual((await call('chat.postMessage', '{"channel":')).body, { ok: false, error: 'invalid_json' });
    assert.deepEqual((await call('chat.postMessage', '[1,2]')).body, { ok: false, error: 'json_not_object' });
    const wrongType = await call('chat.postMessage', JSON.stringify({ channel: { id: 'C' }, text: 'x' }));
    assert.equal(wrongType.body.error, 'invalid_arguments');
    assert.equal((await call('conversations.history', JSON.stringify({ channel: slack.channel, limit: 'many' }))).body.error, 'invalid_arguments');
    assert.equal((await call('no.such.method', '{}')).body.error, 'unknown_method');
    assert.equal((await call('chat.postMessage', Buffer.alloc(3 * 1024 * 1024, 97), 'application/x-www-form-urlencoded')).body.error, 'request_too_large');
    assert.equal((await call('chat.postMessage', 'x', 'multipart/form-data; boundary=z')).body.error, 'invalid_form_data');
    const query = await fetch(`${slack.apiUrl}auth.test?token=${slack.botToken}`);
    assert.equal(((await query.json()) as Record<string, unknown>).ok, true, 'a token in the query string is accepted');
    const form = await call('chat.postMessage', `channel=${slack.channel}&text=hello`, 'application/x-www-form-urlencoded');
    assert.equal(form.status, 200);
    assert.equal(form.body.ok, true);
    assert.equal((await webClient(slack).auth.test()).ok, true);
  } finally {
    await slack.close();
  }
});

test('a port in use is refused with a message that says what to do', async () => {
  const first = await localSlack();
  try {
    const port = Number(new URL(first.baseUrl).port);
    await assert.rejects(localSlack({ port }), /port \d+ is in use; pick another --port, or 0/);
  } finally {
    await first.close();
  }
});
