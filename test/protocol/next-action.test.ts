import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextAction, DEFAULT_ACTION_OPTIONS } from '../../src/protocol/next-action.js';
import { planOrder } from '../../src/protocol/plan-order.js';
import { encodeProtocolRecord } from '../../src/protocol/records.js';
import { reduceFleet } from '../../src/protocol/reduce-fleet.js';
import { reduceRollout } from '../../src/protocol/reduce-rollout.js';
import type { RolloutAction } from '../../src/protocol/rollout-action.js';
import { COMMAND_TS, SHA1, SHA2, Thread } from './fixtures.js';
import { roster } from './fixtures.js';

type HostSpec = Parameters<typeof roster>[1];
const HOSTS = ['web-1', 'web-2', 'web-3'];

function actions(thread: Thread, now = thread.t + 1, fleetSpec: HostSpec = {}): Record<string, RolloutAction> {
  const spec: HostSpec = Object.fromEntries(HOSTS.map((h) => [h, fleetSpec[h] ?? {}]));
  const fleet = reduceFleet(roster(now, spec), now);
  const state = reduceRollout(thread.messages, { now });
  return Object.fromEntries(HOSTS.map((h) => [h, nextAction(state, fleet, h, now)]));
}

const kinds = (all: Record<string, RolloutAction>) => Object.fromEntries(Object.entries(all).map(([h, a]) => [h, a.kind]));

test('no plan: the first fresh host posts it at once, the others after a quarter of their back-off', () => {
  const thread = new Thread();
  assert.deepEqual(kinds(actions(thread, 1001)), { 'web-1': 'post-plan', 'web-2': 'wait', 'web-3': 'wait' });
  assert.deepEqual(kinds(actions(thread, 1001, { 'web-1': { ageS: 100 } })), { 'web-1': 'wait', 'web-2': 'post-plan', 'web-3': 'wait' });
  const quarter = DEFAULT_ACTION_OPTIONS.backoffS / 4;
  assert.equal(actions(thread, 1000 + 2 * quarter - 1)['web-3']?.kind, 'wait');
  assert.equal(actions(thread, 1000 + 2 * quarter)['web-3']?.kind, 'post-plan', 'web-1 and web-2 may not have seen the command yet');
});

test('waiting for the plan, a host waits at the place the roster will likely give it', () => {
  const waiting = actions(new Thread(), 1001);
  const place = (host: string) => {
    const action = waiting[host];
    return action?.kind === 'wait' ? action.place : undefined;
  };
  assert.equal(place('web-2'), 1, 'second in the roster: next after the first');
  assert.equal(place('web-3'), 2);
  const unhealthy = actions(new Thread(), 1001, { 'web-3': { state: 'updating' } });
  assert.equal(unhealthy['web-2']?.kind === 'wait' ? unhealthy['web-2'].place : 'not a wait', undefined, 'no order can be guessed while a host is busy (the plan would be refused)');
});

test('rolling: the first in order claims the command message; the next waits, polling fast', () => {
  const thread = new Thread();
  thread.plan();
  const all = actions(thread);
  assert.deepEqual(all['web-1'], { kind: 'claim', purpose: 'update', slot: 0, messageTs: COMMAND_TS, sha: SHA2, fromSha: undefined, leaseS: 120, healthDeadlineS: 60, soakS: 10 });
  assert.deepEqual(all['web-2'], { kind: 'wait', pollS: DEFAULT_ACTION_OPTIONS.fastPollS, reason: 'web-1 goes first', place: 1 });
  assert.equal(all['web-3']?.kind, 'wait');
});

test('the holder carries on, then releases; then the next host takes its turn', () => {
  const thread = new Thread();
  thread.plan();
  const token = thread.claim('web-1');
  let all = actions(thread, undefined, { 'web-1': { state: 'updating' } });
  assert.deepEqual(all['web-1'], { kind: 'continue', purpose: 'update', slot: 0, token, expired: false });
  assert.match((all['web-2'] as { reason: string }).reason, /web-1 is updating/);
  thread.add('done', { host: 'web-1', sha: SHA2, from_sha: SHA1, token });
  all = actions(thread);
  assert.deepEqual(all['web-1'], { kind: 'release', slot: 0, messageTs: COMMAND_TS, token, result: 'done' });
  assert.equal(all['web-2']?.kind, 'wait');
  thread.release('web-1', token);
  all = actions(thread);
  assert.equal(all['web-1']?.kind, 'wait');
  assert.equal(all['web-2']?.kind, 'claim');
});

test('peer guard: nobody goes down while another planned host is stale or unhealthy, nor while itself is stale', () => {
  const thread = new Thread();
  thread.plan();
  let all = actions(thread, undefined, { 'web-3': { ageS: 45 } });
  assert.equal(all['web-1']?.kind, 'wait');
  assert.match((all['web-1'] as { reason: string }).reason, /peer guard: web-3/);
  all = actions(thread, undefined, { 'web-2': { state: 'failed' } });
  assert.match((all['web-1'] as { reason: string }).reason, /peer guard: web-2/);
  all = actions(thread, undefined, { 'web-1': { ageS: 45 } });
  assert.match((all['web-1'] as { reason: string }).reason, /must beat/);
});

test('peer guard: a `done` newer than the roster beat of its turn counts as a healthy beat; a later beat or an old `done` does not', () => {
  const thread = new Thread();
  thread.plan();
  thread.update('web-1');
  const doneAt = thread.t - 1;
  // The view was read while web-1 was in its turn (its beat said so, 3 s before its done).
  const during = (state: 'updating' | 'restarting') => ({ 'web-1': { state, ageS: thread.t + 1 - (doneAt - 3) } });
  assert.equal(actions(thread, undefined, during('updating'))['web-2']?.kind, 'claim');
  assert.equal(actions(thread, undefined, during('restarting'))['web-2']?.kind, 'claim');
  // A beat after the done says what the host is now.
  const restartedSince = actions(thread, undefined, { 'web-1': { state: 'restarting', ageS: 0 } });
  assert.match((restartedSince['web-2'] as { reason: string }).reason, /^peer guard: web-1 not fresh and healthy/);
  // A beat that said the host was going away is not answered by a done.
  assert.match((actions(thread, undefined, { 'web-1': { state: 'stopping', ageS: 6 } })['web-2'] as { reason: string }).reason, /^peer guard: web-1/);
  // The stale threshold (3 beats of 10 s) applies to the done as to a beat.
  const old = actions(thread, doneAt + 31, { 'web-1': { state: 'updating', ageS: 34 } });
  assert.match((old['web-2'] as { reason: string }).reason, /^peer guard: web-1 not fresh and healthy/);
});

test('an expired holder is broken by the first fresh host, which halts the rollout with "lost host"', () => {
  const thread = new Thread();
  thread.plan();
  const token = thread.claim('web-1');
  const now = Number(token) + 120 + 15;
  const all = actions(thread, now, { 'web-1': { ageS: 100 } });
  assert.equal(all['web-1']?.kind, 'continue');
  assert.deepEqual(all['web-2'], {
    kind: 'break', slot: 0, messageTs: COMMAND_TS, token, victim: 'web-1', reason: `lost host web-1: lease of claim ${token} expired`,
    halt: { code: 'lost', reason: `lost host web-1: lease of claim ${token} expired`, host: 'web-1' },
  });
  assert.equal(all['web-3']?.kind, 'wait');
  assert.equal(actions(thread, now + DEFAULT_ACTION_OPTIONS.backoffS, { 'web-1': { ageS: 100 } })['web-3']?.kind, 'break');
});

test('a derived halt is posted once by the first fresh host; after that everyone waits', () => {
  const thread = new Thread();
  thread.plan();
  const token = thread.claim('web-1');
  thread.add('reverted', { host: 'web-1', reason: 'health check failed', sha: SHA2, restored_sha: SHA1, token });
  thread.release('web-1', token, 'reverted');
  let all = actions(thread);
  assert.deepEqual(all['web-1'], { kind: 'halt', code: 'failures', reason: '1 failure over a budget of 0: web-1 (health check failed)', host: 'web-1' });
  assert.deepEqual(kinds(all), { 'web-1': 'halt', 'web-2': 'wait', 'web-3': 'wait' });
  thread.add('halted', { code: 'failures', reason: '1 failure over a budget of 0' });
  all = actions(thread);
  assert.deepEqual(kinds(all), { 'web-1': 'wait', 'web-2': 'wait', 'web-3': 'wait' });
});

test('a planned host the fleet has lost halts the rollout before its turn', () => {
  const thread = new Thread();
  thread.plan();
  thread.update('web-1');
  const all = actions(thread, undefined, { 'web-3': { ageS: 500 } });
  assert.equal(all['web-1']?.kind, 'halt');
  assert.match((all['web-1'] as { reason: string }).reason, /lost host web-3/);
});

test('canary: only the canary goes, the rest wait for promote, then continue to the same sha', () => {
  const thread = new Thread('deploy canary v2');
  thread.plan({ mode: 'canary' });
  let all = actions(thread);
  assert.equal(all['web-1']?.kind, 'claim');
  assert.equal((all['web-1'] as { purpose: string }).purpose, 'canary');
  assert.match((all['web-2'] as { reason: string }).reason, /waiting for the canary web-1/);
  thread.update('web-1');
  all = actions(thread);
  assert.deepEqual(kinds(all), { 'web-1': 'wait', 'web-2': 'wait', 'web-3': 'wait' });
  assert.match((all['web-2'] as { reason: string }).reason, /deploy promote/);
  thread.add('promoted', { by: 'U0ALICE' });
  all = actions(thread);
  assert.equal(all['web-2']?.kind, 'claim');
  assert.equal((all['web-2'] as { sha: string }).sha, SHA2);
});

test('rollback: the last updated host goes back to the sha it left, one at a time', () => {
  const thread = new Thread();
  thread.plan();
  thread.update('web-1');
  thread.update('web-2');
  thread.add('rollback', { by: 'U0ALICE' });
  const all = actions(thread);
  assert.deepEqual(all['web-2'], { kind: 'claim', purpose: 'rollback', slot: 0, messageTs: COMMAND_TS, sha: SHA1, fromSha: SHA2, leaseS: 120, healthDeadlineS: 60, soakS: 0 });
  assert.equal(all['web-1']?.kind, 'wait');
  assert.equal(all['web-3']?.kind, 'wait');
});

test('batch 2: two hosts go at once, each in its own slot; a missing slot record is posted first', () => {
  const thread = new Thread();
  thread.plan({ batch: 2 });
  let all = actions(thread);
  assert.equal(all['web-1']?.kind, 'claim');
  assert.deepEqual(all['web-2'], { kind: 'post-slot', index: 1 });
  const slotTs = thread.add('slot', { index: 1 });
  thread.claim('web-1');
  all = actions(thread, undefined, { 'web-1': { state: 'updating' } });
  assert.equal(all['web-2']?.kind, 'claim');
  assert.equal((all['web-2'] as { messageTs: string }).messageTs, slotTs);
  assert.equal(all['web-3']?.kind, 'wait');
});

test('paused waits; finished rollouts ask nothing more', () => {
  const thread = new Thread();
  thread.plan();
  thread.add('paused', { by: 'U0ALICE' });
  assert.match((actions(thread)['web-1'] as { reason: string }).reason, /paused/);
  thread.add('resumed', { by: 'U0ALICE' });
  for (const host of HOSTS) thread.update(host);
  assert.deepEqual(kinds(actions(thread)), { 'web-1': 'none', 'web-2': 'none', 'web-3': 'none' });
});

test('planOrder takes the named hosts in their order, or the roster, and refuses unknown or unhealthy hosts', () => {
  const fleet = reduceFleet(roster(2000, { 'web-2': {}, 'web-1': {}, 'web-3': { ageS: 45 } }), 2000);
  assert.deepEqual(planOrder(fleet, ['web-2', 'web-1']), { order: ['web-2', 'web-1'] });
  assert.match((planOrder(fleet) as { error: string }).error, /web-3 \(no heartbeat for 45 s\)/);
  assert.match((planOrder(fleet, ['web-9']) as { error: string }).error, /web-9 is not in the roster/);
});

test('a holder whose live claim was broken (unlock) finishes its step, then stops without touching the pin', () => {
  const thread = new Thread();
  thread.plan();
  const token = thread.claim('web-1');
  thread.lock('break', { host: 'web-2', nonce: 'nb', token, reason: 'unlock by U0ALICE: stuck' });
  let all = actions(thread, undefined, { 'web-1': { state: 'updating' } });
  assert.deepEqual(all['web-1'], { kind: 'continue', purpose: 'update', slot: 0, token, expired: true, broken: true });
  thread.add('reverted', { host: 'web-1', reason: 'claim broken', sha: SHA2, restored_sha: SHA1, token });
  all = actions(thread);
  assert.equal(all['web-1']?.kind, 'wait');
  assert.equal(all['web-2']?.kind, 'wait');
});

test('a planned host that stopped and stays silent halts the rollout instead of stalling it', () => {
  const thread = new Thread();
  thread.plan();
  thread.update('web-1');
  assert.match((actions(thread, undefined, { 'web-3': { state: 'stopping', ageS: 5 } })['web-2'] as { reason: string }).reason, /peer guard: web-3/);
  const all = actions(thread, undefined, { 'web-3': { state: 'stopping', ageS: 40 } });
  assert.equal(all['web-1']?.kind, 'halt');
  assert.match((all['web-1'] as { reason: string }).reason, /web-3 stopped \(no heartbeat for 40 s\)/);
});

test('peer guard: a finished host whose agent is lost halts the rollout, posted by one host, naming it and what to do', () => {
  const thread = new Thread();
  thread.plan();
  thread.update('web-1');
  const later = thread.t + 300;
  // Lost 100 s after its last beat (10 intervals): web-2 posts at once, web-3 only after its back-off.
  let all = actions(thread, later, { 'web-1': { ageS: 105 } });
  assert.deepEqual(kinds(all), { 'web-1': 'wait', 'web-2': 'halt', 'web-3': 'wait' });
  assert.equal(actions(thread, later + DEFAULT_ACTION_OPTIONS.backoffS, { 'web-1': { ageS: 105 + DEFAULT_ACTION_OPTIONS.backoffS } })['web-3']?.kind, 'halt');
  const halt = all['web-2'] as Extract<RolloutAction, { kind: 'halt' }>;
  assert.equal(halt.code, 'lost');
  assert.equal(halt.host, 'web-1');
  assert.equal(
    halt.reason,
    "peer guard: web-1 is lost (no heartbeat for 105 s), and no other planned host may go down while it is away; start its agent again and `deploy retry`, or deploy to the remaining hosts with a new command whose `hosts` leave it out",
  );
  assert.match((all['web-3'] as { reason: string }).reason, /^halted: peer guard: web-1 is lost/);
  thread.add('halted', { code: halt.code, reason: halt.reason, host: halt.host });
  all = actions(thread, later + 10, { 'web-1': { ageS: 140 } });
  assert.deepEqual(kinds(all), { 'web-1': 'wait', 'web-2': 'wait', 'web-3': 'wait' });
  thread.add('retried', { by: 'U0ALICE' });
  assert.equal(actions(thread)['web-2']?.kind, 'claim', 'back in the roster and retried: the rollout moves on');
});

test('peer guard: a finished host that stopped and stays silent halts; one stopping or stale for now is waited for', () => {
  const thread = new Thread();
  thread.plan();
  thread.update('web-1');
  const halted = actions(thread, undefined, { 'web-1': { state: 'stopping', ageS: 40 } });
  assert.equal(halted['web-2']?.kind, 'halt');
  assert.match((halted['web-2'] as { reason: string }).reason, /^peer guard: web-1 stopped \(no heartbeat for 40 s\)/);
  for (const spec of [{ state: 'stopping' as const, ageS: 5 }, { state: 'restarting' as const, ageS: 45 }, { ageS: 95 }, { state: 'failed' as const }]) {
    // 50 s after its `done`: each of these beats came after it (or the done is past the stale threshold).
    const all = actions(thread, thread.t + 50, { 'web-1': spec });
    assert.deepEqual(kinds(all), { 'web-1': 'wait', 'web-2': 'wait', 'web-3': 'wait' }, JSON.stringify(spec));
    assert.match((all['web-2'] as { reason: string }).reason, /^peer guard: web-1 not fresh and healthy/, JSON.stringify(spec));
  }
});

test('peer guard: a gone host within the batch allowance does not halt; nor does one once nobody is left to go', () => {
  const thread = new Thread();
  thread.plan({ batch: 2 });
  thread.add('slot', { index: 1 });
  thread.update('web-1');
  // web-1's agent went silent after its turn: judged 100 s on, its `done` is older than the stale threshold.
  const lost = { 'web-1': { ageS: 500 } };
  assert.deepEqual(kinds(actions(thread, thread.t + 100, lost)), { 'web-1': 'wait', 'web-2': 'claim', 'web-3': 'claim' });
  thread.claim('web-2');
  const all = actions(thread, thread.t + 100, { ...lost, 'web-2': { state: 'updating' } });
  assert.equal(all['web-3']?.kind, 'wait');
  assert.match((all['web-3'] as { reason: string }).reason, /^peer guard: web-1, web-2 not fresh and healthy/);

  const done = new Thread();
  done.plan();
  for (const host of HOSTS) done.update(host);
  assert.deepEqual(kinds(actions(done, undefined, lost)), { 'web-1': 'none', 'web-2': 'none', 'web-3': 'none' });
});

test('peer guard: after promote, a canary whose agent is lost halts the rest of the rollout', () => {
  const thread = new Thread('deploy canary v2');
  thread.plan({ mode: 'canary' });
  thread.update('web-1');
  thread.add('promoted', { by: 'U0ALICE' });
  const all = actions(thread, thread.t + 300, { 'web-1': { ageS: 200 } });
  assert.equal(all['web-2']?.kind, 'halt');
  assert.match((all['web-2'] as { reason: string }).reason, /^peer guard: web-1 is lost \(no heartbeat for 200 s\)/);
});

test('a retry while a host is still updating: it carries on with its lock, and nobody goes down in its place', () => {
  const thread = new Thread();
  thread.plan();
  const token = thread.claim('web-1');
  thread.add('halted', { code: 'error', reason: 'stopped by hand' });
  thread.add('retried', { by: 'U0ALICE' });
  const all = actions(thread, undefined, { 'web-1': { state: 'updating' } });
  assert.deepEqual(all['web-1'], { kind: 'continue', purpose: 'update', slot: 0, token, expired: false });
  assert.match((all['web-2'] as { reason: string }).reason, /web-1 is updating/);
});

test('peer guard: the halt reason fits a halted record even for several gone hosts with the longest names', () => {
  const name = (i: number) => `${'h'.repeat(62)}${i}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;
  const order = [name(1), name(2), name(3), name(4), 'web-5'];
  const thread = new Thread();
  thread.plan({ order });
  for (const host of order.slice(0, 4)) thread.update(host);
  const now = thread.t + 300;
  // The roster fixture's agent ids would outgrow their limit with such names: rename after reducing.
  const short = reduceFleet(roster(now, { 'x-1': { ageS: 150 }, 'x-2': { ageS: 150 }, 'x-3': { ageS: 150 }, 'x-4': { ageS: 150 }, 'web-5': {} }), now);
  const fleet = { ...short, hosts: short.hosts.map((a) => ({ ...a, host: a.host.startsWith('x-') ? name(Number(a.host.slice(2))) : a.host })) };
  const action = nextAction(reduceRollout(thread.messages, { now }), fleet, 'web-5', now);
  assert.equal(action.kind, 'halt');
  const halt = action as Extract<RolloutAction, { kind: 'halt' }>;
  assert.equal(halt.host, name(1));
  assert.ok(halt.reason.length <= 500, `${halt.reason.length} characters`);
  assert.match(halt.reason, /^peer guard: h{62}1\..* and \d more, and no other planned host may go down while they are away; start their agents again/);
  assert.doesNotThrow(() => encodeProtocolRecord('halted', { code: halt.code, reason: halt.reason, host: halt.host }));
});

test('a host ahead that the roster shows absent is the roster\'s word: the wait looks at the roster again, from its place', () => {
  const thread = new Thread();
  thread.plan();
  const all = actions(thread, undefined, { 'web-1': { ageS: 45 } });
  const web2 = all['web-2'];
  assert.equal(web2?.kind, 'wait');
  assert.match((web2 as { reason: string }).reason, /web-1 absent; skipping ahead after a back-off/);
  assert.equal((web2 as { onRoster?: true }).onRoster, true);
  assert.equal((web2 as { place?: number }).place, 1);
});

test('a host just ahead that the roster shows absent, behind others that are present, is looked up in the roster too', () => {
  const thread = new Thread();
  thread.plan();
  const all = actions(thread, undefined, { 'web-2': { ageS: 45 } });
  const web3 = all['web-3'] as { kind: string; reason: string; onRoster?: true; place?: number };
  assert.equal(web3.kind, 'wait');
  assert.match(web3.reason, /web-1 goes first/);
  assert.equal(web3.onRoster, true);
  assert.equal(web3.place, 2);
});

test('a claim the lock rejected takes no turn: its host claims again when the lock is free, and the rollout goes on', () => {
  const thread = new Thread();
  thread.plan();
  const first = thread.claim('web-1');
  // Posted while web-1's claim was current (after a pins.add whose answer was lost, say): dead.
  thread.claim('web-2');
  assert.equal(actions(thread)['web-2']?.kind, 'wait');
  thread.add('done', { host: 'web-1', sha: SHA2, from_sha: SHA1, token: first });
  thread.release('web-1', first);
  const state = reduceRollout(thread.messages);
  assert.deepEqual(state.hosts.map((h) => [h.host, h.status]), [['web-1', 'done'], ['web-2', 'pending'], ['web-3', 'pending']]);
  assert.match(state.hosts[1]?.timeline.at(-1)?.detail ?? '', /rejected: the lock was taken/);
  assert.deepEqual(kinds(actions(thread)), { 'web-1': 'wait', 'web-2': 'claim', 'web-3': 'wait' });
});

test('a claim its claimant withdrew (it landed in a broken claim\'s shadow) takes no turn either', () => {
  const thread = new Thread();
  thread.plan();
  const withdrawn = thread.claim('web-1');
  thread.release('web-1', withdrawn, 'withdrawn');
  const state = reduceRollout(thread.messages);
  assert.deepEqual(state.hosts.map((h) => [h.host, h.status]), [['web-1', 'pending'], ['web-2', 'pending'], ['web-3', 'pending']]);
  assert.match(state.hosts[0]?.timeline[0]?.detail ?? '', /withdrawn by its host: not its turn, or a claim broken early still had its lease/);
  assert.equal(kinds(actions(thread))['web-1'], 'claim');
  // Only the holder's own release withdraws: one by another host (or nonce) changes nothing.
  const held = thread.claim('web-1');
  thread.lock('release', { host: 'web-2', nonce: 'not-web-1', token: held, result: 'withdrawn' });
  assert.equal(reduceRollout(thread.messages).hosts[0]?.status, 'updating');
});
