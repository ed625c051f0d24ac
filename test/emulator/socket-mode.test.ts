import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SocketModeClient } from '@slack/socket-mode';
import { LogLevel, type Logger } from '@slack/web-api';
import WebSocket from 'ws';
import { localSlack, retryConfig, socketClient, until, webClient } from './helpers.js';

test('with 3 connections each event reaches exactly one of them, chosen at random', async () => {
  const slack = await localSlack();
  const clients = [socketClient(slack), socketClient(slack), socketClient(slack)];
  try {
    for (const { socket } of clients) await socket.start();
    const posted: string[] = [];
    for (let i = 0; i < 30; i += 1) posted.push((await slack.postAsUser({ user: 'alice', text: `m${i}` })).ts);
    const all = () => clients.flatMap((c) => c.received);
    await until(() => all().length >= 30, '30 events');
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(all().map((r) => String(r.event.ts)).sort(), posted);
    assert.ok(clients.filter((c) => c.received.length > 0).length > 1, 'events are spread over the connections');
  } finally {
    for (const { socket } of clients) await socket.disconnect();
    await slack.close();
  }
});

/** A logger that keeps the client's debug lines (the client reports `disconnect` frames only there). */
function recordingLogger(lines: string[]): Logger {
  const keep = (...messages: unknown[]) => void lines.push(messages.map(String).join(' '));
  return { debug: keep, info: keep, warn: keep, error: keep, setLevel: () => {}, getLevel: () => LogLevel.DEBUG, setName: () => {} };
}

test('an 11th connection of the app gets a too_many_websockets disconnect', async () => {
  const slack = await localSlack();
  const clients = Array.from({ length: 10 }, () => socketClient(slack));
  const lines: string[] = [];
  const eleventh = new SocketModeClient({ appToken: slack.appToken, autoReconnectEnabled: false, logger: recordingLogger(lines), clientOptions: { slackApiUrl: slack.apiUrl, retryConfig } });
  try {
    for (const { socket } of clients) await socket.start();
    void eleventh.start().catch(() => undefined);
    await until(() => lines.some((line) => line.includes('too_many_websockets')), 'the disconnect frame');
    await slack.postAsUser({ user: 'alice', text: 'still served' });
    await until(() => clients.some((c) => c.received.length === 1), 'the event on one of the ten');
  } finally {
    await eleventh.disconnect().catch(() => undefined);
    for (const { socket } of clients) await socket.disconnect();
    await slack.close();
  }
});

test('an envelope not acked in time is redelivered with retry_attempt 1 and retry_reason "timeout"', async () => {
  const slack = await localSlack({ ackTimeoutMs: 150 });
  const { socket, received } = socketClient(slack, { ack: false });
  try {
    await socket.start();
    await slack.postAsUser({ user: 'alice', text: 'deploy canary' });
    await until(() => received.length >= 2, 'a redelivery');
    assert.deepEqual(received.slice(0, 2).map((r) => [r.retryNum, r.retryReason]), [[0, ''], [1, 'timeout']]);
    assert.equal(received[0]?.body.event_id, received[1]?.body.event_id, 'the same event');
  } finally {
    await socket.disconnect();
    await slack.close();
  }
});

test('after a reset, envelopes still waiting for an ack are not redelivered', async () => {
  const slack = await localSlack({ ackTimeoutMs: 100 });
  const { socket, received } = socketClient(slack, { ack: false });
  try {
    await socket.start();
    await slack.postAsUser({ user: 'alice', text: 'before the reset' });
    await until(() => received.length === 1, 'the first delivery');
    slack.reset();
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal(received.length, 1);
  } finally {
    await socket.disconnect();
    await slack.close();
  }
});

test('an acked envelope is not redelivered', async () => {
  const slack = await localSlack({ ackTimeoutMs: 100 });
  const { socket, received } = socketClient(slack);
  try {
    await socket.start();
    await slack.postAsUser({ user: 'alice', text: 'deploy canary' });
    await until(() => received.length === 1, 'the event');
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal(received.length, 1);
  } finally {
    await socket.disconnect();
    await slack.close();
  }
});

test('the server answers WebSocket pings with pongs', async () => {
  const slack = await localSlack();
  const open = await webClient(slack, undefined, slack.appToken).apps.connections.open();
  const ws = new WebSocket(String(open.url));
  const pongs: string[] = [];
  ws.on('pong', (data) => pongs.push(String(data)));
  try {
    await new Promise((resolve) => ws.once('open', resolve));
    ws.ping('are you there');
    await until(() => pongs.length === 1, 'a pong');
    assert.deepEqual(pongs, ['are you there']);
  } finally {
    ws.close();
    await slack.close();
  }
});

test('debug_reconnects=true shortens the connection to 360 s, as in Slack', async () => {
  const slack = await localSlack();
  const open = await webClient(slack, undefined, slack.appToken).apps.connections.open();
  const ws = new WebSocket(`${String(open.url)}&debug_reconnects=true`);
  const frames: { debug_info?: { approximate_connection_time?: number } }[] = [];
  ws.on('message', (data) => frames.push(JSON.parse(String(data)) as (typeof frames)[number]));
  try {
    await until(() => frames.length === 1, 'hello');
    assert.equal(frames[0]?.debug_info?.approximate_connection_time, 360);
  } finally {
    ws.close();
    await slack.close();
  }
});

test('the server pings every connection and drops one that stops answering', async () => {
  const slack = await localSlack({ pingIntervalMs: 100 });
  const appWeb = webClient(slack, undefined, slack.appToken);
  const alive = new WebSocket(String((await appWeb.apps.connections.open()).url));
  const silent = new WebSocket(String((await appWeb.apps.connections.open()).url), { autoPong: false });
  const pings: string[] = [];
  let silentClosed = false;
  alive.on('ping', (data) => pings.push(String(data)));
  silent.on('close', () => (silentClosed = true));
  try {
    await until(() => silentClosed, 'the silent connection to be dropped');
    assert.ok(pings.length >= 2);
    assert.equal(pings[0], 'Ping from applink-local');
    assert.equal(alive.readyState, WebSocket.OPEN, 'a connection that answers stays open');
  } finally {
    alive.close();
    silent.terminate();
    await slack.close();
  }
});

test('a connection gets a warning, then refresh_requested at the end of its lifetime, then is closed', async () => {
  // Frame-level check with a plain WebSocket: the official client hangs up at the warning already.
  const slack = await localSlack({ connectionLifetimeMs: 400 });
  const open = await webClient(slack, undefined, slack.appToken).apps.connections.open();
  const ws = new WebSocket(String(open.url));
  const frames: { type?: string; reason?: string; debug_info?: { approximate_connection_time?: number } }[] = [];
  let closed = false;
  ws.on('message', (data) => frames.push(JSON.parse(String(data)) as (typeof frames)[number]));
  ws.on('close', () => (closed = true));
  try {
    await until(() => closed, 'the server to close the connection', 5000);
    assert.deepEqual(frames.map((f) => f.reason ?? f.type), ['hello', 'warning', 'refresh_requested']);
  } finally {
    ws.terminate();
    await slack.close();
  }
});

test('the official client reconnects after the lifetime disconnects and keeps getting events', async () => {
  const slack = await localSlack({ connectionLifetimeMs: 600 });
  const lines: string[] = [];
  const socket = new SocketModeClient({
    appToken: slack.appToken,
    clientPingTimeout: 300,
    logger: recordingLogger(lines),
    clientOptions: { slackApiUrl: slack.apiUrl, retryConfig },
  });
  const texts: string[] = [];
  socket.on('message', async ({ ack, event }) => {
    await ack();
    texts.push(String(event.text));
  });
  try {
    await socket.start();
    await until(() => lines.some((l) => l.includes('"disconnect"')), 'a disconnect frame', 4000);
    const opens = () => slack.callLog().filter((c) => c.method === 'apps.connections.open').length;
    await until(() => opens() >= 2, 'a reconnect', 4000);
    await until(() => lines.filter((l) => l.includes('"type":"hello"')).length >= 2, 'a second hello', 4000);
    await slack.postAsUser({ user: 'alice', text: 'after refresh' });
    await until(() => texts.includes('after refresh'), 'the event after the refresh', 4000);
  } finally {
    await socket.disconnect();
    await slack.close();
  }
});

test('a person clicking a message button reaches one connection as a block_actions interactive envelope', async () => {
  const slack = await localSlack();
  const web = webClient(slack);
  const socket = new SocketModeClient({ appToken: slack.appToken, autoReconnectEnabled: false, logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: slack.apiUrl, retryConfig } });
  const clicks: Record<string, unknown>[] = [];
  socket.on('interactive', async ({ ack, body }) => {
    await ack();
    clicks.push(body as Record<string, unknown>);
  });
  try {
    await socket.start();
    const button = { type: 'button' as const, action_id: 'promote', text: { type: 'plain_text' as const, text: 'Promote' }, value: 'rollout-1' };
    const { ts } = await web.chat.postMessage({ channel: slack.channel, text: 'canary healthy', blocks: [{ type: 'actions' as const, block_id: 'steer', elements: [button] }] });
    assert.equal(await slack.clickAsUser({ user: 'alice', ts: ts!, action_id: 'promote' }), true);
    await until(() => clicks.length === 1, 'the click');
    const [click] = clicks;
    assert.equal(click?.type, 'block_actions');
    assert.deepEqual(click?.user, { id: slack.users.alice, username: 'alice', name: 'alice', team_id: slack.team });
    assert.deepEqual((click?.container as Record<string, unknown>).message_ts, ts);
    assert.deepEqual((click?.actions as Record<string, unknown>[]).map((a) => [a.action_id, a.block_id, a.value]), [['promote', 'steer', 'rollout-1']]);
    await assert.rejects(slack.clickAsUser({ user: 'alice', ts: ts!, action_id: 'nope' }), /action_not_found/);
    const respond = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
    assert.deepEqual(await respond(String(click?.response_url), { replace_original: true, text: 'promoted by alice' }), { ok: true });
    const [updated] = (await web.conversations.history({ channel: slack.channel })).messages ?? [];
    assert.equal(updated?.text, 'promoted by alice');
    assert.ok(updated?.edited, 'the original message was edited');
    const expired = (await respond(`${slack.baseUrl}_local/response/00000000-0000-0000-0000-000000000000`, { text: 'x' })) as { error?: string };
    assert.equal(expired.error, 'expired_url');
  } finally {
    await socket.disconnect();
    await slack.close();
  }
});
