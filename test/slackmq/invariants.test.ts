import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkI2, checkI3 } from './fake/invariants.js';
import { FakeSlack } from './fake/fake-slack.js';
import { rng, Sim } from './fake/sim.js';
import { encodeRecord } from '../../src/slackmq/index.js';

test('checkI2 reports overlapping holders and accepts handovers', () => {
  const handover = [
    { host: 'a', token: '1.1', at: 0 },
    { host: 'a', token: '1.1', at: 10 },
    { host: 'b', token: '2.1', at: 11 },
  ];
  assert.equal(checkI2(handover), undefined);
  assert.match(checkI2([...handover, { host: 'a', token: '1.1', at: 12 }]) ?? '', /^I2: /);
});

test('checkI3 reports a pin removed by someone other than the last closer', () => {
  const sim = new Sim();
  const fake = new FakeSlack(sim, rng(1), { rateLimited: 0, http5xxBefore: 0, http5xxAfter: 0, latencyMs: [0, 0] });
  const lockTs = fake.post('deploy');
  const claim = encodeRecord('claim', { v: 1, host: 'a', nonce: 'na', lease_s: 6 });
  const claimTs = fake.post(claim.text, lockTs, claim.metadata);
  fake.log.push({ at: 0, client: 'a', method: 'chat.postMessage', ok: true, ts: claimTs, metadata: claim.metadata });
  const release = encodeRecord('release', { v: 1, host: 'a', nonce: 'na', token: claimTs, result: 'done' });
  fake.post(release.text, lockTs, release.metadata);
  fake.log.push({ at: 1, client: 'b', method: 'pins.remove', ok: true, ts: lockTs });
  assert.match(checkI3(fake, lockTs, 1_800_000_000, { lockDelayS: 2, graceS: 4 }) ?? '', /^I3: b removed the pin/);
  fake.log[fake.log.length - 1]!.client = 'a';
  assert.equal(checkI3(fake, lockTs, 1_800_000_000, { lockDelayS: 2, graceS: 4 }), undefined);
});
