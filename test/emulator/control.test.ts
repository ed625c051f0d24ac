import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode, type WebAPIHTTPError, type WebAPIPlatformError } from '@slack/web-api';
import { localSlack, socketClient, until, webClient } from './helpers.js';

async function control(base: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${base}_local/${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await response.json()) as Record<string, unknown>;
}

test('the HTTP control surface posts, reacts, pins and edits as a person, and reports info and the call log', async () => {
  const slack = await localSlack();
  try {
    const web = webClient(slack, 'web-1');
    const posted = await control(slack.baseUrl, 'post', { user: 'alice', text: 'deploy canary' });
    assert.equal(posted.ok, true);
    const ts = String(posted.ts);
    assert.deepEqual(await control(slack.baseUrl, 'react', { user: 'alice', name: 'eyes', timestamp: ts }), { ok: true });
    assert.deepEqual(await control(slack.baseUrl, 'pin', { user: 'mallory', timestamp: ts }), { ok: true });
    assert.deepEqual(await control(slack.baseUrl, 'edit', { user: 'alice', ts, text: 'deploy canary main' }), { ok: true });
    const [message] = (await web.conversations.history({ channel: slack.channel })).messages ?? [];
    assert.equal(message?.text, 'deploy canary main');
    assert.equal(message?.user, slack.users.alice);
    assert.deepEqual(message?.reactions, [{ name: 'eyes', users: [slack.users.alice], count: 1 }]);
    assert.equal((await web.pins.list({ channel: slack.channel })).items?.[0]?.created_by, slack.users.mallory);
    const info = await control(slack.baseUrl, 'info');
    assert.equal(info.apiUrl, slack.apiUrl);
    assert.deepEqual(info.users, { alice: slack.users.alice, mallory: slack.users.mallory });
    const log = (await control(slack.baseUrl, 'log')).calls as Record<string, unknown>[];
    assert.deepEqual(log.map((c) => [c.method, c.client, c.status, c.rateLimited]), [
      ['conversations.history', 'web-1', 200, false],
      ['pins.list', 'web-1', 200, false],
    ]);
    assert.equal((await control(slack.baseUrl, 'post', { user: 'nobody', text: 'x' })).error, 'user_not_found');
    const badFaults = await control(slack.baseUrl, 'faults', { errorBurst: { count: 2, kind: 'sometimes' } });
    assert.equal(badFaults.error, 'invalid_arguments');
    assert.match(String(badFaults.hint), /errorBurst\.kind/);
    assert.deepEqual(await control(slack.baseUrl, 'faults', { latencyMs: 1 }), { ok: true });
    assert.match(String((await control(slack.baseUrl, 'cut-off', {})).hint), /Name the client/);
    assert.equal((await control(slack.baseUrl, 'reset', {})).ok, true);
    assert.deepEqual((await web.conversations.history({ channel: slack.channel })).messages, []);
  } finally {
    await slack.close();
  }
});

test('faults: latency, a burst of 5xx, a burst of ok:false, then normal service', async () => {
  const slack = await localSlack();
  try {
    const web = webClient(slack);
    slack.setFaults({ errorBurst: { count: 3, kind: 'http5xx', methods: ['auth.test'] } });
    const error = (await web.auth.test().catch((e: unknown) => e)) as WebAPIHTTPError;
    assert.equal(error.code, ErrorCode.HTTPError, 'three 5xx exhaust the two retries');
    assert.deepEqual(slack.callLog().map((c) => c.status), [500, 503, 500]);
    assert.equal((await web.auth.test()).ok, true);
    slack.setFaults({ errorBurst: { count: 1, kind: 'ok_false' }, latencyMs: 30 });
    const platform = (await web.auth.test().catch((e: unknown) => e)) as WebAPIPlatformError;
    assert.equal(platform.data.error, 'internal_error');
    slack.clearFaults();
    assert.equal((await web.auth.test()).ok, true);
  } finally {
    await slack.close();
  }
});

test('cutOff(client) kills that client\'s requests and sockets until restore; others are served', async () => {
  const slack = await localSlack();
  const { socket, received } = socketClient(slack, { client: 'web-2' });
  try {
    await socket.start();
    const victim = webClient(slack, 'web-2');
    const other = webClient(slack, 'web-1');
    slack.setFaults({ latencyMs: 300 });
    const inFlight = victim.auth.test().catch((e: unknown) => e) as Promise<Error & { code?: string }>;
    await new Promise((resolve) => setTimeout(resolve, 50));
    slack.cutOff('web-2');
    assert.equal((await inFlight).code, ErrorCode.RequestError, 'a request in flight loses its socket');
    slack.clearFaults();
    const error = (await victim.auth.test().catch((e: unknown) => e)) as Error & { code?: string };
    assert.equal(error.code, ErrorCode.RequestError);
    assert.equal((await other.auth.test()).ok, true);
    await slack.postAsUser({ user: 'alice', text: 'while cut off' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(received.length, 0, 'its WebSocket is closed');
    slack.restore('web-2');
    assert.equal((await victim.auth.test()).ok, true);
  } finally {
    await socket.disconnect();
    await slack.close();
  }
});

test('dropSockets closes every connection; the official client reconnects', async () => {
  const slack = await localSlack();
  const { socket, received } = socketClient(slack, { autoReconnect: true });
  try {
    await socket.start();
    slack.dropSockets();
    const opens = () => slack.callLog().filter((c) => c.method === 'apps.connections.open').length;
    await until(() => opens() >= 2, 'a reconnect', 8000);
    await slack.postAsUser({ user: 'alice', text: 'after the drop' });
    await until(() => received.some((r) => r.event.text === 'after the drop'), 'the event after the drop', 8000);
  } finally {
    await socket.disconnect();
    await slack.close();
  }
});

test('the icon and avatar URLs handed out resolve to images', async () => {
  const slack = await localSlack();
  try {
    const web = webClient(slack);
    const posted = await web.chat.postMessage({ channel: slack.channel, text: 'x' });
    const user = await web.users.info({ user: slack.users.alice! });
    for (const url of [posted.message?.bot_profile?.icons?.image_48, user.user?.profile?.image_48]) {
      const response = await fetch(String(url));
      assert.equal(response.status, 200, String(url));
      assert.equal(response.headers.get('content-type'), 'image/svg+xml');
      assert.match(await response.text(), /^<svg /);
    }
  } finally {
    await slack.close();
  }
});

test('the control surface takes only JSON, so a page on another origin cannot post as a person', async () => {
  const slack = await localSlack();
  try {
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded']) {
      const response = await fetch(`${slack.baseUrl}_local/post`, {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: JSON.stringify({ user: 'alice', text: 'deploy rolling' }),
      });
      assert.equal(response.status, 415);
      assert.equal(((await response.json()) as { error?: string }).error, 'unsupported_media_type');
    }
    assert.deepEqual(slack.snapshot(), []);
  } finally {
    await slack.close();
  }
});
