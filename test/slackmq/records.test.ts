import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeRecord, decodeRecords, encodeRecord } from '../../src/slackmq/records.js';

const claim = { v: 1, host: 'web-2', nonce: 'n1', lease_s: 120 };

function asReply(ts: string, encoded: ReturnType<typeof encodeRecord>, extra: object = {}) {
  return { type: 'message', ts, text: encoded.text, bot_id: 'B1', metadata: encoded.metadata, ...extra };
}

test('a claim encodes to readable text and metadata, and decodes back with its ts as token', () => {
  const encoded = encodeRecord('claim', claim, '1732712345.000200');
  assert.equal(encoded.text, '🔒 claimed by web-2 · lease 120 s · token 1732712345.000200');
  assert.equal(encoded.metadata.event_type, 'troupe_claim');
  const record = decodeRecord(asReply('1732712345.000200', encoded, { edited: { user: 'B1', ts: '1732712350.000100' } }));
  assert.deepEqual(record, {
    kind: 'claim',
    ts: '1732712345.000200',
    editedTs: '1732712350.000100',
    author: 'B1',
    payload: { ...claim, beat_at: undefined, beats: undefined, from_sha: undefined, to_sha: undefined },
  });
});

test('release, break and yield round-trip', () => {
  const release = { v: 1, host: 'web-2', nonce: 'n1', token: '1.000001', result: 'done' };
  const brk = { v: 1, host: 'web-3', nonce: 'n2', token: null, pin_created: 1732712000, reason: 'unclaimed' };
  const yld = { v: 1, host: 'web-4', reason: 'unhealthy' };
  assert.equal(encodeRecord('release', release).text, '🔓 released by web-2 · token 1.000001 · done');
  assert.match(encodeRecord('break', brk).text, /broken by web-3 · pin with no claim/);
  assert.deepEqual(decodeRecord(asReply('2.000001', encodeRecord('release', release)))?.payload, release);
  assert.deepEqual(decodeRecord(asReply('3.000001', encodeRecord('break', brk)))?.payload, brk);
  assert.deepEqual(decodeRecord(asReply('4.000001', encodeRecord('yield', yld)))?.payload, yld);
});

test('text escapes Slack control characters in names', () => {
  assert.equal(encodeRecord('yield', { v: 1, host: '<!channel>&' }).text, '⏭️ &lt;!channel&gt;&amp; yields its turn');
});

test('malformed and hostile metadata decodes to undefined', () => {
  const bad: unknown[] = [
    null,
    'text',
    { ts: '1.1' },
    { ts: 'nope', metadata: { event_type: 'troupe_claim', event_payload: claim } },
    { ts: '1.1', metadata: { event_type: 'troupe_unknown', event_payload: claim } },
    { ts: '1.1', metadata: { event_type: 'troupe_claim', event_payload: [] } },
    { ts: '1.1', metadata: { event_type: 'troupe_claim', event_payload: { ...claim, v: 0 } } },
    { ts: '1.1', metadata: { event_type: 'troupe_claim', event_payload: { ...claim, lease_s: 1e12 } } },
    { ts: '1.1', metadata: { event_type: 'troupe_claim', event_payload: { ...claim, lease_s: '120' } } },
    { ts: '1.1', metadata: { event_type: 'troupe_claim', event_payload: { ...claim, host: 'x'.repeat(500) } } },
    { ts: '1.1', metadata: { event_type: 'troupe_claim', event_payload: { ...claim, beat_at: Infinity } } },
    { ts: '1.1', metadata: { event_type: 'troupe_release', event_payload: { v: 1, host: 'a', nonce: 'n', token: 'x', result: 'done' } } },
    { ts: '1.1', metadata: { event_type: 'troupe_break', event_payload: { v: 1, host: 'a', nonce: 'n', token: null, reason: 'r' } } },
    { ts: '1.1', metadata: { event_type: '__proto__', event_payload: {} } },
  ];
  for (const message of bad) assert.equal(decodeRecord(message), undefined, JSON.stringify(message));
});

test('decodeRecords keeps records only, once each, in ts order', () => {
  const c = encodeRecord('claim', claim);
  const records = decodeRecords([
    asReply('1732712345.000300', c),
    { ts: '1732712345.000100', text: 'a person talking' },
    asReply('1732712345.000200', c),
    asReply('1732712345.000300', c),
    asReply('999999999.000001', c),
  ]);
  assert.deepEqual(records.map((r) => r.ts), ['999999999.000001', '1732712345.000200', '1732712345.000300']);
});

test('newer versions with extra fields are read for the fields this version knows', () => {
  const record = decodeRecord({ ts: '1.1', metadata: { event_type: 'troupe_yield', event_payload: { v: 2, host: 'a', extra: { x: 1 } } } });
  assert.deepEqual(record?.payload, { v: 2, host: 'a', reason: undefined });
});
