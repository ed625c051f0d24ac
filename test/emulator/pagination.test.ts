import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { WebClient } from '@slack/web-api';
import type { RunningLocalSlack } from '../../src/emulator/index.js';
import { localSlack, webClient } from './helpers.js';

let slack: RunningLocalSlack;
let web: WebClient;
const posted: string[] = [];

before(async () => {
  slack = await localSlack();
  web = webClient(slack);
  for (let i = 0; i < 1000; i += 1) {
    const ts = i % 2 === 0 ? (await slack.postAsUser({ user: 'alice', text: `m${i}` })).ts : (await web.chat.postMessage({ channel: slack.channel, text: `m${i}` })).ts!;
    posted.push(ts);
  }
});
after(() => slack.close());

test('conversations.history walks a 1,000-message channel newest first without gaps or repeats', async () => {
  const seen: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await web.conversations.history({ channel: slack.channel, limit: 37, ...(cursor ? { cursor } : {}) });
    seen.push(...(page.messages ?? []).map((m) => m.ts!));
    cursor = page.response_metadata?.next_cursor || undefined;
    assert.equal(page.has_more, cursor !== undefined);
    pages += 1;
  } while (cursor);
  assert.equal(pages, Math.ceil(1000 / 37));
  assert.deepEqual(seen, [...posted].reverse());
});

test('the official paginate() helper sees every message once', async () => {
  const seen: string[] = [];
  for await (const page of web.paginate('conversations.history', { channel: slack.channel, limit: 200 })) {
    seen.push(...((page as { messages?: { ts: string }[] }).messages ?? []).map((m) => m.ts));
  }
  assert.equal(seen.length, 1000);
  assert.equal(new Set(seen).size, 1000);
});

test('oldest and latest are exclusive unless inclusive', async () => {
  const [a, b] = [posted[100]!, posted[110]!];
  const exclusive = await web.conversations.history({ channel: slack.channel, oldest: a, latest: b, limit: 999 });
  assert.deepEqual(exclusive.messages?.map((m) => m.ts), posted.slice(101, 110).reverse());
  const inclusive = await web.conversations.history({ channel: slack.channel, oldest: a, latest: b, inclusive: true, limit: 999 });
  assert.deepEqual(inclusive.messages?.map((m) => m.ts), posted.slice(100, 111).reverse());
});

test('limit defaults to 100 and is capped at 999', async () => {
  assert.equal((await web.conversations.history({ channel: slack.channel })).messages?.length, 100);
  assert.equal((await web.conversations.history({ channel: slack.channel, limit: 5000 })).messages?.length, 999);
});

test('conversations.replies pages a long thread oldest first, the parent once', async () => {
  const parent = posted[0]!;
  const replies: string[] = [];
  for (let i = 0; i < 120; i += 1) replies.push((await web.chat.postMessage({ channel: slack.channel, text: `r${i}`, thread_ts: parent })).ts!);
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await web.conversations.replies({ channel: slack.channel, ts: parent, limit: 25, ...(cursor ? { cursor } : {}) });
    seen.push(...(page.messages ?? []).map((m) => m.ts!));
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  assert.deepEqual(seen, [parent, ...replies]);
});
