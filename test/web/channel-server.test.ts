import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startLocalSlack, type RunningLocalSlack } from '../../src/emulator/index.js';

let slack: RunningLocalSlack;
before(async () => {
  slack = await startLocalSlack({ rateLimits: 'off' });
});
after(() => slack.close());

test('the page is served at the base URL, /channel and permalinks, with a strict content policy', async () => {
  for (const path of ['', 'channel', 'archives/C0OPS00001/p1700000000000100']) {
    const response = await fetch(`${slack.baseUrl}${path}`);
    assert.equal(response.status, 200, path);
    assert.match(response.headers.get('content-type') ?? '', /text\/html/);
    assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'none'; script-src 'self'/);
    assert.match(await response.text(), /<script type="module" src="\/web\/app.js">/);
  }
  const script = await fetch(`${slack.baseUrl}web/app.js`);
  assert.match(script.headers.get('content-type') ?? '', /text\/javascript/);
});

test('only the page\'s own files are served: anything else is a 404', async () => {
  for (const path of ['web/../package.json', 'web/%2e%2e/package.json', 'web/seed.ts', 'web/nothing.js', 'something']) {
    const response = await fetch(`${slack.baseUrl}${path}`);
    assert.equal(response.status, 404, path);
    await response.body?.cancel();
  }
});

test('GET /web/state is the channel with its people; an unknown channel says how to name one', async () => {
  const { ts } = await slack.postAsUser({ user: 'alice', text: 'status' });
  await slack.pinAsUser({ user: 'alice', timestamp: ts });
  const state = (await (await fetch(`${slack.baseUrl}web/state`)).json()) as { channel: { name: string }; users: { name: string }[]; messages: { ts: string; pinned: boolean }[] };
  assert.equal(state.channel.name, 'ops');
  assert.deepEqual(state.users.map((u) => u.name), ['troupe', 'alice', 'mallory']);
  assert.equal(state.messages.find((m) => m.ts === ts)?.pinned, true);
  const missing = await fetch(`${slack.baseUrl}web/state?channel=nope`);
  assert.equal(missing.status, 404);
  assert.match(((await missing.json()) as { hint: string }).hint, /seeded channel/);
});

test('the live feed starts with the whole channel, then sends each change (a reply re-sends its parent)', async () => {
  const controller = new AbortController();
  const response = await fetch(`${slack.baseUrl}web/events`, { signal: controller.signal });
  assert.match(response.headers.get('content-type') ?? '', /text\/event-stream/);
  const reader = response.body!.getReader();
  let text = '';
  const until = async (pattern: RegExp) => {
    while (!pattern.test(text)) text += new TextDecoder().decode((await reader.read()).value);
  };
  await until(/event: state\ndata: .*\n\n/);
  const { ts } = await slack.postAsUser({ user: 'mallory', text: 'hello <script>' });
  await slack.postAsUser({ user: 'alice', text: 'a reply', thread_ts: ts });
  await until(/"text":"a reply"/);
  const events = text.split('\n\n').filter((frame) => frame.startsWith('data: ')).map((frame) => JSON.parse(frame.slice(6)) as { type: string; messages: { text: string; replyCount: number }[] });
  assert.deepEqual(events.map((e) => e.messages.map((m) => [m.text, m.replyCount])), [[['hello <script>', 0]], [['hello <script>', 1], ['a reply', 0]]]);
  controller.abort();
});
