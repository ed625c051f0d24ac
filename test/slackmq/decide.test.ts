import { test } from 'node:test';
import assert from 'node:assert/strict';
import { breakWinner, decideLock, type LockTiming } from '../../src/slackmq/decide.js';
import { describeLock } from '../../src/slackmq/inspect.js';
import type { LockRecord } from '../../src/slackmq/record-types.js';

const timing: LockTiming = { lockDelayS: 5, graceS: 10 };

function claim(ts: string, host: string, extra: { beat_at?: number; editedTs?: string; lease_s?: number } = {}): LockRecord {
  return { kind: 'claim', ts, editedTs: extra.editedTs, payload: { v: 1, host, nonce: `n-${host}`, lease_s: extra.lease_s ?? 60, beat_at: extra.beat_at } };
}
function release(ts: string, host: string, token: string): LockRecord {
  return { kind: 'release', ts, payload: { v: 1, host, nonce: `n-${host}`, token, result: 'done' } };
}
function breakOf(ts: string, host: string, token: string | null, pin_created?: number): LockRecord {
  return { kind: 'break', ts, payload: { v: 1, host, nonce: `n-${host}`, token, pin_created, reason: 'expired' } };
}

const pinned = { pinned: true, created: 1000 };

test('no records and no pin: free', () => {
  assert.deepEqual(decideLock([], { pinned: false }, 1000, {}, timing), { state: 'free', lastClosedAt: undefined });
});

test('a current claim within its lease is held for others and mine for its holder', () => {
  const records = [claim('1000.000100', 'web-2')];
  const held = decideLock(records, pinned, 1030, {}, timing);
  assert.equal(held.state, 'held');
  assert.equal(held.state === 'held' && held.claim.token, '1000.000100');
  assert.equal(held.state === 'held' && held.claim.breakableAt, 1000.0001 + 60 + 5);
  assert.equal(decideLock(records, pinned, 1030, { nonce: 'n-web-2' }, timing).state, 'mine');
  assert.equal(decideLock(records, pinned, 1030, { token: '1000.000100' }, timing).state, 'mine');
});

test('the lease runs from the last renewal; it expires only after lease plus lock delay', () => {
  const records = [claim('1000.000100', 'web-2', { editedTs: '1050.000000' })];
  assert.equal(decideLock(records, pinned, 1114.9, {}, timing).state, 'held');
  assert.equal(decideLock(records, pinned, 1115, {}, timing).state, 'expired');
});

test('a renewal stamp from the future counts only as now', () => {
  const records = [claim('1000.000100', 'web-2', { beat_at: 9e9 })];
  const view = decideLock(records, pinned, 1200, {}, timing);
  assert.equal(view.state, 'held');
  assert.equal(view.state === 'held' && view.claim.lastBeat, 1200);
});

test('a claim posted while another is current is dead, even after the first is released', () => {
  const records = [claim('1000.000100', 'web-2'), claim('1000.000200', 'web-3'), release('1001.000000', 'web-2', '1000.000100')];
  assert.deepEqual(decideLock(records, pinned, 1002, { nonce: 'n-web-3' }, timing), { state: 'lost', token: '1000.000200', reason: 'late' });
  assert.equal(decideLock(records, { pinned: false }, 1002, {}, timing).state, 'free');
});

test('a break naming the current claim closes it; its holder sees broken', () => {
  const records = [claim('1000.000100', 'web-2'), breakOf('1070.000000', 'web-3', '1000.000100')];
  assert.deepEqual(decideLock(records, pinned, 1071, { nonce: 'n-web-2' }, timing), { state: 'broken', token: '1000.000100', by: 'web-3', at: 1070 });
});

test('release and break of a token that is not current change nothing (replays, hostile records)', () => {
  const records = [
    release('999.000000', 'web-9', '1000.000100'),
    claim('1000.000100', 'web-2'),
    breakOf('1001.000000', 'web-3', '1000.000999'),
    release('1002.000000', 'web-3', '1000.000999'),
  ];
  assert.equal(decideLock(records, pinned, 1003, {}, timing).state, 'held');
});

test('replayed records (same ts twice) change nothing', () => {
  const records = [claim('1000.000100', 'web-2'), release('1001.000000', 'web-2', '1000.000100')];
  const doubled = [...records, ...records];
  assert.deepEqual(decideLock(doubled, { pinned: false }, 1003, {}, timing), decideLock(records, { pinned: false }, 1003, {}, timing));
});

test('a released holder sees lost, not mine', () => {
  const records = [claim('1000.000100', 'web-2'), release('1001.000000', 'web-2', '1000.000100')];
  assert.deepEqual(decideLock(records, pinned, 1003, { nonce: 'n-web-2' }, timing), { state: 'lost', token: '1000.000100', reason: 'released' });
});

test('a pin with no claim is left alone for the grace, counted from the pin or the last close', () => {
  assert.deepEqual(decideLock([], pinned, 1009, {}, timing), { state: 'unclaimed', pin: pinned, breakableAt: 1010, breakable: false });
  assert.deepEqual(decideLock([], pinned, 1010, {}, timing), { state: 'unclaimed', pin: pinned, breakableAt: 1010, breakable: true });
  const afterRelease = [claim('990.000000', 'web-2'), release('1005.000000', 'web-2', '990.000000')];
  const view = decideLock(afterRelease, pinned, 1012, {}, timing);
  assert.deepEqual(view, { state: 'unclaimed', pin: pinned, breakableAt: 1015, breakable: false });
});

test('a pin whose created is unknown is never breakable by the grace alone', () => {
  const view = decideLock([], { pinned: true }, 5000, {}, timing);
  assert.equal(view.state === 'unclaimed' && view.breakable, false);
});

test('a current claim whose pin is gone still holds (the log decides), flagged pinMissing', () => {
  const view = decideLock([claim('1000.000100', 'web-2')], { pinned: false }, 1001, {}, timing);
  assert.equal(view.state === 'held' && view.pinMissing, true);
});

test('the earliest break of a claim wins', () => {
  const records = [claim('1000.000100', 'web-2'), breakOf('1070.000000', 'web-3', '1000.000100'), breakOf('1070.000100', 'web-4', '1000.000100')];
  assert.deepEqual(breakWinner(records, { token: '1000.000100' }, timing), { ts: '1070.000000', at: 1070, host: 'web-3', nonce: 'n-web-3' });
  assert.equal(breakWinner([claim('1000.000100', 'web-2')], { token: '1000.000100' }, timing), undefined);
});

test('a break of a claim that was never current wins nothing', () => {
  const records = [claim('1000.000100', 'web-2'), claim('1000.000200', 'web-3'), breakOf('1070.000000', 'web-4', '1000.000200')];
  assert.equal(breakWinner(records, { token: '1000.000200' }, timing), undefined);
});

test('breaks of a pin with no claim come in rounds a grace apart', () => {
  const b = (ts: string, host: string) => breakOf(ts, host, null, 1000);
  assert.equal(breakWinner([b('1011.000000', 'a'), b('1012.000000', 'b')], { pinCreated: 1000 }, timing)?.host, 'a');
  assert.equal(breakWinner([b('1011.000000', 'a'), b('1019.000000', 'b'), b('1025.000000', 'c')], { pinCreated: 1000 }, timing)?.host, 'a');
  assert.equal(breakWinner([b('1011.000000', 'a'), b('1030.000000', 'c')], { pinCreated: 1000 }, timing)?.host, 'c');
  assert.equal(breakWinner([b('1011.000000', 'a')], { pinCreated: 999 }, timing), undefined);
});

test('a break of a pin older than one a counted break named wins nothing: that pin is gone', () => {
  // web-3 read pins.list long ago (pin 1000); web-2 has broken the pin added at 1030 since.
  const records = [breakOf('1041.000000', 'web-2', null, 1030), breakOf('1042.000000', 'web-3', null, 1000)];
  assert.equal(breakWinner(records, { pinCreated: 1000 }, timing), undefined);
  assert.deepEqual(decideLock(records, { pinned: false }, 1043, { breakNonce: 'n-web-2' }, timing), { state: 'free', lastClosedAt: undefined });
  assert.deepEqual(decideLock(records, { pinned: false }, 1043, {}, timing), { state: 'reserved', by: 'web-2', until: 1051 });
});

test('a release not posted by the holder (other nonce) is ignored', () => {
  const records = [claim('1000.000100', 'web-2'), release('1001.000000', 'web-3', '1000.000100')];
  assert.equal(decideLock(records, pinned, 1002, {}, timing).state, 'held');
});

test('after a winning break the lock is reserved for the breaker for the grace', () => {
  const records = [claim('1000.000100', 'web-2'), breakOf('1070.000000', 'web-3', '1000.000100')];
  assert.deepEqual(decideLock(records, { pinned: false }, 1075, {}, timing), { state: 'reserved', by: 'web-3', until: 1080 });
  assert.equal(decideLock(records, { pinned: false }, 1075, { breakNonce: 'n-web-3' }, timing).state, 'free');
  assert.equal(decideLock(records, { pinned: false }, 1080, {}, timing).state, 'free');
});

test('a claim by another host in a winning breaker\'s reservation is late and dead; the breaker\'s own claim there holds', () => {
  // web-4's claim landed late (held up past the grace, say), after web-3's break won and its read.
  const broken = [claim('1000.000100', 'web-2'), breakOf('1070.000000', 'web-3', '1000.000100')];
  const records = [...broken, claim('1072.000000', 'web-4'), claim('1073.000000', 'web-3')];
  assert.deepEqual(decideLock(records, pinned, 1074, { nonce: 'n-web-4' }, timing), { state: 'lost', token: '1072.000000', reason: 'late' });
  const breaker = decideLock(records, pinned, 1074, { nonce: 'n-web-3' }, timing);
  assert.deepEqual([breaker.state, breaker.state === 'mine' && breaker.claim.token], ['mine', '1073.000000']);
  // The lock stays the breaker's to take while no claim of its own is there yet.
  assert.deepEqual(decideLock([...broken, claim('1072.000000', 'web-4')], { pinned: false }, 1074, {}, timing), { state: 'reserved', by: 'web-3', until: 1080 });
  // From the end of the grace, anyone's claim counts again.
  const after = decideLock([...broken, claim('1080.000000', 'web-4')], pinned, 1081, { nonce: 'n-web-4' }, timing);
  assert.equal(after.state, 'mine');
});

test('a round-winning break of an unclaimed pin reserves too; a losing one does not', () => {
  const records = [breakOf('1011.000000', 'a', null, 1000), breakOf('1012.000000', 'b', null, 1000)];
  assert.deepEqual(decideLock(records, { pinned: false }, 1013, { breakNonce: 'n-b' }, timing), { state: 'reserved', by: 'a', until: 1021 });
  const late = decideLock([...records, claim('1014.000000', 'b')], pinned, 1015, { nonce: 'n-b' }, timing);
  assert.deepEqual(late, { state: 'lost', token: '1014.000000', reason: 'late' });
});

test('a premature break stops the holder but lets nobody in before the broken lease is over', () => {
  const records = [claim('1000.000100', 'web-2', { editedTs: '1040.000000' }), breakOf('1050.000000', 'web-3', '1000.000100')];
  assert.equal(decideLock(records, pinned, 1051, { nonce: 'n-web-2' }, timing).state, 'broken');
  const view = decideLock(records, pinned, 1051, { breakNonce: 'n-web-3' }, timing);
  assert.deepEqual([view.state, view.state === 'held' && view.broken], ['held', true]);
  const info = describeLock(view, pinned, 1051);
  assert.deepEqual([info.holder, info.broken, info.breakableInS], ['web-2', true, 54]);
  assert.equal(decideLock(records, { pinned: false }, 1105, { breakNonce: 'n-web-3' }, timing).state, 'free');
  const after = decideLock(records, pinned, 1106, {}, timing);
  assert.deepEqual(after, { state: 'unclaimed', pin: pinned, breakableAt: 1115, breakable: false });
});

test('a break of a pin posted while a claim was current counts for nothing', () => {
  const records = [claim('1000.000100', 'web-1'), breakOf('1011.000000', 'web-4', null, 1000), release('1012.000000', 'web-1', '1000.000100')];
  assert.equal(breakWinner(records, { pinCreated: 1000 }, timing), undefined);
  assert.equal(decideLock(records, pinned, 1013, {}, timing).state, 'unclaimed');
});
