import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LogLevel, WebClient } from '@slack/web-api';
import { SocketHints, threadOf } from '../../src/agent/socket-hints.js';
import { startLocalSlack } from '../../src/emulator/index.js';

const C = 'C0OPS00001';
const ROOT = '1700000000.000100';
const REPLY = '1700000005.000200';

// Shapes as Slack's Events API sends them (recorded samples), trimmed to the fields that matter.
const events = {
  reply: { type: 'message', channel: C, user: 'U1', text: 'claim', ts: REPLY, thread_ts: ROOT },
  botReply: { type: 'message', subtype: 'bot_message', bot_id: 'B1', channel: C, ts: REPLY, thread_ts: ROOT },
  broadcast: { type: 'message', subtype: 'thread_broadcast', channel: C, user: 'U1', ts: REPLY, thread_ts: ROOT },
  topLevel: { type: 'message', channel: C, user: 'U1', text: 'deploy rolling v2', ts: ROOT },
  replyEdited: {
    type: 'message', subtype: 'message_changed', channel: C, hidden: true, ts: '1700000009.000300',
    message: { type: 'message', ts: REPLY, thread_ts: ROOT, edited: { user: 'U1', ts: '1700000009.000300' } },
    previous_message: { type: 'message', ts: REPLY, thread_ts: ROOT },
  },
  replied: { type: 'message', subtype: 'message_replied', channel: C, ts: '1700000006.000000', message: { type: 'message', ts: ROOT, thread_ts: ROOT } },
  replyDeleted: { type: 'message', subtype: 'message_deleted', channel: C, hidden: true, ts: '1700000010.000000', deleted_ts: REPLY, previous_message: { type: 'message', ts: REPLY, thread_ts: ROOT } },
  reaction: { type: 'reaction_added', user: 'U1', item: { type: 'message', channel: C, ts: REPLY }, reaction: 'x', event_ts: '1700000011.000000' },
  reactionGone: { type: 'reaction_removed', user: 'U1', item: { type: 'message', channel: C, ts: ROOT }, reaction: 'x', event_ts: '1700000012.000000' },
  pin: { type: 'pin_added', user: 'U1', channel_id: C, item: { type: 'message', channel: C, message: { type: 'message', ts: ROOT } }, event_ts: '1700000013.000000' },
  unpin: { type: 'pin_removed', user: 'U1', channel_id: C, item: { type: 'message', channel: C, message: { type: 'message', ts: ROOT } }, has_pins: false },
  fileReaction: { type: 'reaction_added', user: 'U1', item: { type: 'file', file: 'F1' }, reaction: 'x' },
};

test('threadOf names the thread of replies, edits, deletions, reactions and pins in the channel', () => {
  assert.equal(threadOf(events.reply, C), ROOT);
  assert.equal(threadOf(events.botReply, C), ROOT);
  assert.equal(threadOf(events.broadcast, C), ROOT);
  assert.equal(threadOf(events.replyEdited, C), ROOT);
  assert.equal(threadOf(events.replied, C), ROOT);
  assert.equal(threadOf(events.replyDeleted, C), ROOT);
  assert.equal(threadOf(events.reaction, C), REPLY);
  assert.equal(threadOf(events.reactionGone, C), ROOT);
  assert.equal(threadOf(events.pin, C), ROOT);
  assert.equal(threadOf(events.unpin, C), ROOT);
});

test('threadOf names nothing for a new top-level message, another channel, or a reaction to a file', () => {
  assert.equal(threadOf(events.topLevel, C), undefined);
  assert.equal(threadOf(events.reply, 'C0OTHER001'), undefined);
  assert.equal(threadOf(events.reaction, 'C0OTHER001'), undefined);
  assert.equal(threadOf(events.pin, 'C0OTHER001'), undefined);
  assert.equal(threadOf(events.fileReaction, C), undefined);
  assert.equal(threadOf({ type: 'app_mention', channel: C, ts: REPLY, thread_ts: ROOT }, C), undefined);
});

test('over Socket Mode, a reply, a reaction and a pin each hint their thread; a top-level post does not', async () => {
  const slack = await startLocalSlack({ rateLimits: 'off' });
  const seen: string[] = [];
  const lines: string[] = [];
  const logger = { info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) };
  let connected = false;
  const hints = new SocketHints({
    appToken: slack.appToken, apiUrl: slack.apiUrl, host: 'web-1', channel: slack.channel, logger,
    onHint: () => undefined,
    onModeChange: (mode) => (connected = mode.kind === 'socket'),
    onThreadActivity: (ts) => seen.push(ts),
  });
  const until = async (what: string, probe: () => boolean) => {
    for (const deadline = Date.now() + 10_000; !probe(); await new Promise((resolve) => setTimeout(resolve, 50))) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; seen ${JSON.stringify(seen)}; log ${lines.join(' | ')}`);
    }
  };
  try {
    hints.start();
    await until('the socket', () => connected);
    const bot = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, logLevel: LogLevel.ERROR });
    const root = await slack.postAsUser({ user: 'alice', text: 'deploy rolling v2' });
    const reply = await slack.postAsUser({ user: 'alice', text: 'a reply', thread_ts: root.ts });
    await until('the reply', () => seen.includes(root.ts));
    await bot.reactions.add({ channel: slack.channel, timestamp: reply.ts, name: 'eyes' });
    await until('the reaction', () => seen.includes(reply.ts));
    seen.length = 0;
    await bot.pins.add({ channel: slack.channel, timestamp: root.ts });
    await until('the pin', () => seen.includes(root.ts));
    await slack.postAsUser({ user: 'alice', text: 'status' });
    await bot.reactions.add({ channel: slack.channel, timestamp: reply.ts, name: 'x' });
    await until('the second reaction', () => seen.includes(reply.ts));
    assert.deepEqual(seen, [root.ts, reply.ts], 'the top-level "status" hinted no thread');
  } finally {
    await hints.stop();
    await slack.close();
  }
});
