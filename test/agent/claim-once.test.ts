import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageClaimer } from '../../src/agent/claim-once.js';
import { startHarness } from '../slackmq/local-slack.js';

test('a command message is claimed and released through the locks\' own client, read through the agent\'s', async (t) => {
  const h = await startHarness();
  t.after(() => h.close());
  const ts = await h.message('run uptime on all');
  const claimer = new MessageClaimer(h.client('agent'), { channel: h.slack.channel, host: 'web-1', leaseS: 30, lockSlack: h.client('lock') });
  let ran = 0;
  await claimer.run(ts, async () => {
    ran += 1;
    return 'done';
  });
  assert.equal(ran, 1);
  assert.equal(h.pinned(ts), false, 'released: the pin is gone');
  assert.deepEqual(h.records(ts).map((r) => r.kind), ['claim', 'release']);
  const byClient = (client: string) => new Set(h.slack.callLog().filter((e) => e.client === client).map((e) => e.method));
  assert.deepEqual([...byClient('lock')].sort(), ['chat.postMessage', 'conversations.replies', 'pins.add', 'pins.remove']);
  assert.deepEqual([...byClient('agent')], ['conversations.replies'], 'the agent\'s client only read whether the message was ever claimed');
  await claimer.run(ts, async () => {
    ran += 1;
    return 'done';
  });
  assert.equal(ran, 1, 'a message once claimed is never run again');
});

test('a claim from before a crash is released by a lease made afresh: release record, then the pin', async (t) => {
  const h = await startHarness();
  t.after(() => h.close());
  const ts = await h.message('run uptime on all');
  const lock = h.client('lock');
  const before = new MessageClaimer(lock, { channel: h.slack.channel, host: 'web-1', leaseS: 30 });
  const held = await before.claim(ts);
  assert.ok(held?.lease);
  // The process "crashes": its lease object is gone, only token and nonce were journaled.
  const after = new MessageClaimer(lock, { channel: h.slack.channel, host: 'web-1', leaseS: 30 });
  await after.release(ts, { token: held.token, nonce: held.nonce }, 'interrupted');
  assert.equal(h.pinned(ts), false);
  const release = h.records(ts).find((r) => r.kind === 'release');
  assert.equal(release?.kind === 'release' && release.payload.result, 'interrupted');
  // Stops the first lease's heartbeat: its release finds the claim closed and leaves the pin alone.
  await held.lease.release('done');
  assert.equal(h.pinned(ts), false);
});
