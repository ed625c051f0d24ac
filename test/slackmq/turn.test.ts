import { test } from 'node:test';
import assert from 'node:assert/strict';
import { finishedHosts, isMyTurn, type TurnOptions } from '../../src/slackmq/turn.js';
import type { LockRecord } from '../../src/slackmq/record-types.js';

const options: TurnOptions = { lockDelayS: 5, graceS: 10, backoffS: 30, startedAt: 1000 };
const order = ['web-1', 'web-2', 'web-3'];
const unpinned = { pinned: false };

const claim = (ts: string, host: string): LockRecord => ({ kind: 'claim', ts, payload: { v: 1, host, nonce: `n-${host}`, lease_s: 60 } });
const release = (ts: string, host: string, token: string): LockRecord => ({
  kind: 'release',
  ts,
  payload: { v: 1, host, nonce: `n-${host}`, token, result: 'done' },
});
const yieldOf = (ts: string, host: string): LockRecord => ({ kind: 'yield', ts, payload: { v: 1, host } });

test('the first unfinished host in the order has the turn at once', () => {
  assert.equal(isMyTurn(order, 'web-1', [], unpinned, 1000, options).myTurn, true);
  const second = isMyTurn(order, 'web-2', [], unpinned, 1000, options);
  assert.deepEqual([second.myTurn, !second.myTurn && second.why, !second.myTurn && second.retryAt], [false, 'waiting', 1030]);
});

test('after a release, the next host has the turn', () => {
  const records = [claim('1001.000000', 'web-1'), release('1050.000000', 'web-1', '1001.000000')];
  assert.equal(isMyTurn(order, 'web-2', records, unpinned, 1051, options).myTurn, true);
  const first = isMyTurn(order, 'web-1', records, unpinned, 1051, options);
  assert.equal(!first.myTurn && first.why, 'done');
});

test('a later host gets the turn after silence growing with its distance', () => {
  assert.equal(isMyTurn(order, 'web-3', [], unpinned, 1059, options).myTurn, false);
  assert.equal(isMyTurn(order, 'web-3', [], unpinned, 1060, options).myTurn, true);
  const records = [yieldOf('1040.000000', 'web-1')];
  const third = isMyTurn(order, 'web-3', records, unpinned, 1060, options);
  assert.deepEqual([third.myTurn, !third.myTurn && third.retryAt], [false, 1070]);
});

test('nobody has the turn while the lock is held or pinned without a claim', () => {
  const held = isMyTurn(order, 'web-1', [claim('1001.000000', 'web-2')], { pinned: true, created: 1001 }, 1002, options);
  assert.equal(!held.myTurn && held.why, 'lock_busy');
  const pinnedOnly = isMyTurn(order, 'web-1', [], { pinned: true, created: 1001 }, 2000, options);
  assert.equal(!pinnedOnly.myTurn && pinnedOnly.why, 'lock_busy');
});

test('a host outside the order never has the turn', () => {
  const view = isMyTurn(order, 'db-1', [], unpinned, 9999, options);
  assert.equal(!view.myTurn && view.why, 'not_in_order');
});

test('a release by someone other than the claim holder does not finish anyone', () => {
  const records = [claim('1001.000000', 'web-1'), release('1002.000000', 'web-2', '1001.000000')];
  assert.deepEqual([...finishedHosts(records)], []);
});
