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
