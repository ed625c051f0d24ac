import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findRoster, isFreshAndHealthy, reduceFleet } from '../../src/protocol/reduce-fleet.js';
import { encodeProtocolRecord } from '../../src/protocol/records.js';
import { SHA1, edited, record, roster, ts } from './fixtures.js';

const NOW = 2000;

test('one row per host with state, version, sha, heartbeat age and connection', () => {
  const fleet = reduceFleet(roster(NOW, { 'web-2': { ageS: 3 }, 'web-1': { ageS: 12, state: 'updating' } }), NOW);
  assert.deepEqual(fleet.hosts.map((a) => [a.host, a.state, a.version, a.sha, a.ageS, a.stale, a.connection]), [
    ['web-1', 'updating', '0.1.0', SHA1, 12, false, 'socket'],
    ['web-2', 'idle', '0.1.0', SHA1, 3, false, 'socket'],
  ]);
  assert.equal(isFreshAndHealthy(fleet.hosts[1]), true);
  assert.equal(isFreshAndHealthy(fleet.hosts[0]), false);
});

test('stale after 3 missed beats, lost after 10; stopping is never lost', () => {
  const fleet = reduceFleet(roster(NOW, { a: { ageS: 31 }, b: { ageS: 101 }, c: { ageS: 500, state: 'stopping' } }), NOW);
  assert.deepEqual(fleet.hosts.map((h) => [h.host, h.state, h.stale]), [['a', 'idle', true], ['b', 'lost', true], ['c', 'stopping', true]]);
  assert.equal(isFreshAndHealthy(fleet.hosts[0]), false);
});

test("freshness is Slack's edit time; a host clock running ahead cannot fake it", () => {
  const beat = record(ts(900, 1), 'agent', { host: 'web-1', agent_id: 'a', version: '1', state: 'idle', started: 900, heartbeat: NOW + 10_000, interval_s: 10, connection: 'poll' }, '900.000000');
  const fleet = reduceFleet([edited(beat, ts(NOW - 50))], NOW);
  assert.equal(fleet.hosts[0]?.heartbeatAt, NOW);
  const honest = reduceFleet([edited({ ...beat, metadata: { ...beat.metadata!, event_payload: { ...beat.metadata!.event_payload, heartbeat: 0 } } }, ts(NOW - 50))], NOW);
  assert.equal(honest.hosts[0]?.ageS, 50);
  assert.equal(honest.hosts[0]?.stale, true);
});

test('a restarted agent replaces its old reply; two fresh agents with one host name are reported', () => {
  const messages = roster(NOW, { 'web-1': { ageS: 200 } });
  const second = record(ts(950), 'agent', { host: 'web-1', agent_id: 'a-new', version: '0.2.0', state: 'healthy', started: 950, heartbeat: NOW - 1, interval_s: 10, connection: 'socket' }, '900.000000');
  let fleet = reduceFleet([...messages, edited(second, ts(NOW - 1))], NOW);
  assert.equal(fleet.hosts.length, 1);
  assert.equal(fleet.hosts[0]?.version, '0.2.0');
  assert.deepEqual(fleet.duplicates, []);
  const third = record(ts(960), 'agent', { host: 'web-1', agent_id: 'a-other', version: '0.2.0', state: 'idle', started: 960, heartbeat: NOW - 2, interval_s: 10, connection: 'poll' }, '900.000000');
  fleet = reduceFleet([...messages, edited(second, ts(NOW - 1)), edited(third, ts(NOW - 2))], NOW);
  assert.deepEqual(fleet.duplicates, ['web-1']);
});

test('the roster is the earliest roster message; order and duplicates do not matter', () => {
  const a = { ts: ts(10), bot_id: 'B0BOT', ...encodeProtocolRecord('roster', {}) };
  const b = { ts: ts(5), bot_id: 'B0BOT', ...encodeProtocolRecord('roster', {}) };
  assert.equal(findRoster([a, { ts: ts(1), text: 'hi' }, b, a]), ts(5));
  assert.equal(findRoster([a, b], 'B0OTHER'), undefined);
  const messages = roster(NOW, { x: {}, y: { ageS: 40 } });
  assert.deepEqual(reduceFleet([...messages].reverse().concat(messages), NOW), reduceFleet(messages, NOW));
});
