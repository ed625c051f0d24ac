import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redact } from '../../src/util/redact.js';

test('redacts every kind of Slack token and keeps the rest', () => {
  const text = 'bot xoxb-123-456-abcDEF app xapp-1-A01-99-ffee user xoxp-9-8-7 rotating xoxe.xoxp-1-Mi0 ok';
  const out = redact(text);
  assert.doesNotMatch(out, /xoxb-123|xapp-1-A01|xoxp-9-8|xoxe\.xoxp-1/);
  assert.match(out, /^bot xoxb-…\[redacted\] app xapp-…\[redacted\]/);
  assert.match(out, / ok$/);
});

test('leaves text without tokens untouched', () => {
  assert.equal(redact('deploy canary v2'), 'deploy canary v2');
});
