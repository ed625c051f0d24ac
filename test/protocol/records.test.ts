import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { decodeProtocolRecord, decodeThread, decodeThreadRecord, encodeProtocolRecord } from '../../src/protocol/records.js';
import { PROTOCOL_KINDS, type ProtocolInput, type ProtocolKind } from '../../src/protocol/record-schemas.js';
import { SHA1, SHA2, edited, lockRecord, record, ts } from './fixtures.js';

const samples: { [K in ProtocolKind]: ProtocolInput<K> } = {
  plan: { mode: 'canary', ref: 'v2', sha: SHA2, order: ['web-1', 'web-2'], batch: 1, max_failures: 0, lease_s: 300, health_deadline_s: 60, soak_s: 30, by: 'U0ALICE' },
  slot: { index: 1 },
  progress: { host: 'web-1', phase: 'building', sha: SHA2, detail: 'npm ci' },
  done: { host: 'web-1', sha: SHA2, from_sha: SHA1, token: '1000.000300', duration_s: 42 },
  failed: { host: 'web-1', reason: 'working tree is dirty', phase: 'fetching' },
  reverted: { host: 'web-1', reason: 'health check failed: exit 1', sha: SHA2, restored_sha: SHA1, log_tail: 'Error: <boom> & bust' },
  canary_healthy: { host: 'web-1', sha: SHA2, soak_s: 30 },
  halted: { code: 'failures', reason: '1 failure, budget 0', host: 'web-1' },
  output: { host: 'web-1', name: 'uptime', exit_code: 0, duration_ms: 12 },
  promoted: { by: 'U0ALICE', command_ts: '1001.000000' },
  aborted: { by: 'U0ALICE', reason: 'looks wrong' },
  paused: { by: 'U0ALICE' },
  resumed: { by: 'U0ALICE' },
  retried: { by: 'U0ALICE' },
  rollback: { by: 'U0ALICE' },
  rolled_back: { host: 'web-1', sha: SHA1, from_sha: SHA2 },
  roster: { title: 'prod fleet' },
  agent: { host: 'web-1', agent_id: 'a1', version: '0.1.0', sha: SHA1, state: 'idle', started: 1000, heartbeat: 1010, connection: 'socket' },
};

test('every record kind encodes to troupe_<kind> metadata with v:1 and decodes back', () => {
  for (const kind of PROTOCOL_KINDS) {
    const encoded = encodeProtocolRecord(kind, samples[kind] as never);
    assert.equal(encoded.metadata.event_type, `troupe_${kind}`);
    assert.equal(encoded.metadata.event_payload.v, 1);
    assert.ok(encoded.text.length > 0, kind);
    const decoded = decodeProtocolRecord({ ts: '1000.000100', ...encoded });
    assert.equal(decoded?.kind, kind);
    for (const [key, value] of Object.entries(samples[kind])) assert.deepEqual((decoded?.payload as Record<string, unknown>)[key], value, `${kind}.${key}`);
  }
});

test('defaults are filled in and readable text escapes what people or logs wrote', () => {
  const plan = encodeProtocolRecord('plan', samples.plan);
  assert.equal(plan.metadata.event_payload.promotion, 'manual');
  assert.equal(plan.metadata.event_payload.continue_on_lost, false);
  assert.match(plan.text, /web-1 → web-2/);
  const reverted = encodeProtocolRecord('reverted', samples.reverted);
  assert.match(reverted.text, /&lt;boom&gt; &amp; bust/);
});

test('the encoder refuses a payload the decoders would drop', () => {
  assert.throws(() => encodeProtocolRecord('done', { host: 'Web 1', sha: SHA2 }));
  assert.throws(() => encodeProtocolRecord('plan', { ...samples.plan, order: ['web-1', 'web-1'] }));
  assert.throws(() => encodeProtocolRecord('plan', { ...samples.plan, sha: 'abc1234' }));
});

test('malformed or hostile metadata is ignored, never thrown', () => {
  const bad: unknown[] = [
    null, 42, 'x', [], {}, { ts: 'nope', metadata: encodeProtocolRecord('slot', { index: 1 }).metadata },
    { ts: '1.000001', metadata: { event_type: 'troupe_done', event_payload: { v: 1, host: 'web-1', sha: 'zz' } } },
    { ts: '1.000001', metadata: { event_type: 'troupe_done', event_payload: { v: 0, host: 'web-1', sha: SHA1 } } },
    { ts: '1.000001', metadata: { event_type: 'troupe_plan', event_payload: { v: 1, mode: 'yolo' } } },
    { ts: '1.000001', metadata: { event_type: 'troupe_agent', event_payload: { v: 1, host: 'web-1', heartbeat: 'soon' } } },
    { ts: '1.000001', metadata: { event_type: 'troupe_nope', event_payload: { v: 1 } } },
    { ts: '1.000001', metadata: { event_type: 'troupe_done', event_payload: [1, 2] } },
    { ts: '1.000001', get metadata() { throw new Error('boom'); } },
  ];
  bad.forEach((message, i) => assert.equal(decodeThreadRecord(message), undefined, `bad message #${i}`));
  fc.assert(
    fc.property(fc.anything(), fc.constantFrom(...PROTOCOL_KINDS), (payload, kind) => {
      const message = { ts: '1.000001', metadata: { event_type: `troupe_${kind}`, event_payload: payload } };
      const decoded = decodeThreadRecord(message);
      if (decoded) assert.equal(decoded.kind, kind);
    }),
    { numRuns: 3000 },
  );
});

test('decodeThread reads troupe and lock records, sorted, deduplicated, latest edit kept', () => {
  const claim = lockRecord(ts(1002), 'claim', { host: 'web-1', nonce: 'n1', lease_s: 300 });
  const agentMsg = record(ts(1001), 'agent', samples.agent);
  const newer = edited(record(ts(1001), 'agent', { ...samples.agent, heartbeat: 1100 }), ts(1100));
  const records = decodeThread([claim, { ts: ts(1000), text: 'deploy canary' }, newer, agentMsg, claim]);
  assert.deepEqual(records.map((r) => r.kind), ['agent', 'claim']);
  const agent = records[0];
  assert.ok(agent?.kind === 'agent');
  assert.equal(agent.payload.heartbeat, 1100);
  assert.equal(agent.editedTs, ts(1100));
});
