import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { localSlack, webClient } from './helpers.js';

const methods = ['chat.postMessage', 'chat.update', 'conversations.history', 'conversations.replies', 'pins.add', 'reactions.add', 'users.info', 'no.such'];
const contentTypes = ['application/json', 'application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x', ''];
const value = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string()), fc.dictionary(fc.string(), fc.string()));

test('random bodies, types and arguments always get a JSON answer, and the server keeps serving', async () => {
  // Raw HTTP on purpose: the official client cannot send malformed requests.
  const slack = await localSlack();
  try {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...methods),
        fc.constantFrom(...contentTypes),
        fc.oneof(fc.string({ maxLength: 200 }), fc.dictionary(fc.constantFrom('channel', 'ts', 'text', 'timestamp', 'name', 'limit', 'cursor', 'metadata', 'thread_ts', 'user'), value).map((o) => JSON.stringify(o))),
        async (method, contentType, body) => {
          const response = await fetch(`${slack.apiUrl}${method}`, {
            method: 'POST',
            headers: { authorization: `Bearer ${slack.botToken}`, ...(contentType ? { 'content-type': contentType } : {}) },
            body,
          });
          assert.equal(response.status, 200);
          const answer = (await response.json()) as { ok: boolean; error?: string };
          assert.equal(typeof answer.ok, 'boolean');
          if (!answer.ok) assert.match(String(answer.error), /^[a-z_]+$/);
        },
      ),
      { numRuns: 300 },
    );
    assert.equal((await webClient(slack).auth.test()).ok, true);
  } finally {
    await slack.close();
  }
});
