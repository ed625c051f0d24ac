import assert from 'node:assert/strict';
import { test } from 'node:test';
import { replyOnce, type RolloutThread, type ThreadMessage } from '../../src/agent/rollout/rollout-thread.js';

/** A command thread whose replies are `replies`; what it is asked to say is kept. */
function thread(replies: ThreadMessage[]): RolloutThread & { said: string[] } {
  const said: string[] = [];
  return {
    ts: '100.000001',
    said,
    read: async () => [{ ts: '100.000001', text: 'unlock 99.000001 stuck' } as ThreadMessage, ...replies],
    say: async (text: string) => {
      said.push(text);
      return '101.000001';
    },
  } as unknown as RolloutThread & { said: string[] };
}

test('an answer once: said when the thread has no troupe reply yet, not when another host answered meanwhile', async () => {
  const fresh = thread([]);
  assert.equal(await replyOnce(fresh).say('Nothing to unlock'), '101.000001');
  assert.deepEqual(fresh.said, ['Nothing to unlock']);
  const answered = thread([{ ts: '100.500000', text: 'Nothing to unlock', bot_id: 'B1' } as ThreadMessage]);
  assert.equal(await replyOnce(answered).say('Nothing to unlock'), undefined);
  assert.deepEqual(answered.said, []);
  const personOnly = thread([{ ts: '100.500000', text: 'hm?', user: 'U1' } as ThreadMessage]);
  await replyOnce(personOnly).say('Nothing to unlock');
  assert.deepEqual(personOnly.said, ['Nothing to unlock'], 'a person\'s reply is not an answer');
});

test('two hosts that both found it unanswered both post: the earliest answer stands, the later one is taken back', async () => {
  const mine = { ts: '101.000001', text: 'Nothing to unlock', bot_id: 'B1' } as ThreadMessage;
  const theirs = { ts: '100.900000', text: 'Nothing to unlock', bot_id: 'B1' } as ThreadMessage;
  const later: string[] = [];
  let posted = false;
  const racing = {
    ts: '100.000001',
    read: async () => [{ ts: '100.000001', text: 'unlock 99.000001 stuck' } as ThreadMessage, ...(posted ? [theirs, mine] : [])],
    say: async () => ((posted = true), mine.ts),
    unsay: async (ts: string) => void later.push(ts),
  } as unknown as RolloutThread;
  assert.equal(await replyOnce(racing).say('Nothing to unlock'), undefined);
  assert.deepEqual(later, [mine.ts], 'its own answer, the later one, is deleted');
  // The earlier of the two reads after its post too, and keeps its answer.
  const kept: string[] = [];
  let first = false;
  const earlier = {
    ts: '100.000001',
    read: async () => [{ ts: '100.000001', text: 'unlock 99.000001 stuck' } as ThreadMessage, ...(first ? [theirs] : [])],
    say: async () => ((first = true), theirs.ts),
    unsay: async (ts: string) => void kept.push(ts),
  } as unknown as RolloutThread;
  assert.equal(await replyOnce(earlier).say('Nothing to unlock'), theirs.ts);
  assert.deepEqual(kept, []);
});
