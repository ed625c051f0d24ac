import assert from 'node:assert/strict';
import { test } from 'node:test';
import { patientReads, type SlackReads } from '../../src/agent/patient-reads.js';

const rateLimited = (retryAfter: number) => Object.assign(new Error('429'), { code: 'slack_webapi_rate_limited_error', retryAfter });

/** A client whose `conversations.replies` fails with `errors` in turn, then answers. */
function client(...errors: Error[]): SlackReads & { calls: number } {
  const fake = {
    calls: 0,
    conversations: {
      replies: async () => {
        const error = errors[fake.calls++];
        if (error) throw error;
        return { ok: true, messages: [{ ts: '1.000000' }] };
      },
      history: async () => ({ ok: true }),
    },
    pins: { list: async () => ({ ok: true }) },
  };
  return fake as unknown as SlackReads & { calls: number };
}

test('a rate-limited read is waited out for Retry-After and up to as much again, then answered', async () => {
  const waits: number[] = [];
  const slack = client(rateLimited(2), rateLimited(1));
  let draw = 0;
  const reads = patientReads(slack, async (ms) => waits.push(ms), () => [0, 0.99][draw++ % 2]!);
  const page = await reads.conversations.replies({ channel: 'C1', ts: '1.000000' });
  assert.deepEqual(page.messages, [{ ts: '1.000000' }]);
  assert.equal(slack.calls, 3);
  assert.deepEqual(waits, [2000, 1990]);
});

test('any other error comes back at once, and a read still limited after three waits gives up', async () => {
  const waits: number[] = [];
  const broken = client(Object.assign(new Error('boom'), { code: 'slack_webapi_platform_error' }));
  await assert.rejects(patientReads(broken, async (ms) => waits.push(ms)).conversations.replies({ channel: 'C1', ts: '1.0' }), /boom/);
  assert.equal(waits.length, 0, 'no wait before a non-429 error');
  const limited = client(rateLimited(1), rateLimited(1), rateLimited(1), rateLimited(1));
  await assert.rejects(patientReads(limited, async (ms) => waits.push(ms), () => 0).conversations.replies({ channel: 'C1', ts: '1.0' }), /429/);
  assert.deepEqual(waits, [1000, 1000, 1000]);
  assert.equal(limited.calls, 4);
});
