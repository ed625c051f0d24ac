import assert from 'node:assert/strict';
import { test } from 'node:test';
import { authorize } from '../../src/agent/authorize.js';
import { classifyMessage } from '../../src/agent/channel-message.js';
import { decide, type DecideInput } from '../../src/agent/decide.js';
import { isNewCommandCandidate } from '../../src/agent/socket-hints.js';
import { parseCommand } from '../../src/protocol/index.js';

const allowed = { allowed: true } as const;
const input = (text: string, overrides: Partial<DecideInput> = {}): DecideInput => ({
  parsed: parseCommand(text),
  authorization: allowed,
  mentionsBot: false,
  host: 'web-1',
  fleetHosts: ['web-1', 'web-2'],
  deploymentsConfigured: false,
  ...overrides,
});

test('chatter is ignored; chatter addressed to the bot gets help', () => {
  assert.equal(decide(input('good morning')).kind, 'ignore');
  assert.deepEqual(decide(input('<@U0BOT> good morning', { mentionsBot: true })), { kind: 'answer-once', answer: 'help' });
});

test('anyone not authorized is refused whatever they typed, except chatter', () => {
  const refused = { allowed: false, reason: 'not an operator' } as const;
  for (const text of ['run uptime on all', 'deploy canary', 'help', 'run']) {
    assert.deepEqual(decide(input(text, { authorization: refused })), { kind: 'answer-once', answer: 'refusal', reason: 'not an operator' });
  }
  assert.equal(decide(input('lunch?', { authorization: refused })).kind, 'ignore');
});

test('run targets: any and all run here; a host runs only on itself; an unknown host is answered once', () => {
  assert.deepEqual(decide(input('run uptime')), { kind: 'run', command: { kind: 'run', name: 'uptime', args: [], target: { kind: 'any' } }, mode: 'any' });
  assert.equal(decide(input('run uptime on all')).kind, 'run');
  assert.equal(decide(input('RUN uptime ON web-1')).kind, 'run');
  assert.deepEqual(decide(input('run uptime on web-2')), { kind: 'ignore', reason: 'for web-2' });
  assert.deepEqual(decide(input('run uptime on db-9')), { kind: 'answer-once', answer: 'unknown-host', reason: 'db-9' });
});

test('deploy commands go to the deploy handler only when deployments are configured', () => {
  assert.deepEqual(decide(input('deploy canary')), { kind: 'answer-once', answer: 'no-deploy' });
  assert.equal(decide(input('deploy canary', { deploymentsConfigured: true })).kind, 'deploy');
  assert.equal(decide(input('unlock 1732712345.000200 stuck', { deploymentsConfigured: true })).kind, 'deploy');
});

test('a command written wrongly is answered once with the grammar’s advice', () => {
  const decision = decide(input('deploy sideways'));
  assert.equal(decision.kind, 'answer-once');
  assert.equal(decision.kind === 'answer-once' && decision.answer, 'problem');
});

test('authorize: only operators, only in the fleet channel', () => {
  const base = { channel: 'C1', fleetChannel: 'C1', operators: ['U1'], inOperatorGroup: false };
  assert.deepEqual(authorize({ ...base, user: 'U1' }), { allowed: true });
  assert.deepEqual(authorize({ ...base, user: 'U2', inOperatorGroup: true }), { allowed: true });
  assert.match(JSON.stringify(authorize({ ...base, user: 'U2' })), /not an operator.*U2/);
  assert.match(JSON.stringify(authorize({ ...base, user: 'U1', channel: 'C2' })), /only in the fleet channel/);
  assert.equal(authorize({ ...base, user: undefined }).allowed, false);
});

test('classifyMessage: only a person’s unedited top-level message is a command', () => {
  const person = { ts: '1.000001', user: 'U1', text: 'run uptime' };
  assert.equal(classifyMessage(person), 'command');
  assert.equal(classifyMessage({ ...person, thread_ts: '1.000001' }), 'command');
  assert.equal(classifyMessage({ ...person, edited: { user: 'U1', ts: '2.0' } }), 'edited');
  assert.equal(classifyMessage({ ...person, thread_ts: '0.5' }), 'other');
  assert.equal(classifyMessage({ ...person, bot_id: 'B1' }), 'other');
  assert.equal(classifyMessage({ ...person, subtype: 'message_changed' }), 'other');
  assert.equal(classifyMessage({ ...person, subtype: 'message_deleted' }), 'other');
  assert.equal(classifyMessage({ ts: '1.0', text: 'run uptime' }), 'other');
});

test('socket hints: only a person’s new top-level message in the channel wakes the poller', () => {
  const event = { type: 'message', channel: 'C1', ts: '1.000001', user: 'U1' };
  assert.equal(isNewCommandCandidate(event, 'C1'), true);
  assert.equal(isNewCommandCandidate({ ...event, channel: 'C2' }, 'C1'), false);
  assert.equal(isNewCommandCandidate({ ...event, subtype: 'message_changed' }, 'C1'), false);
  assert.equal(isNewCommandCandidate({ ...event, subtype: 'message_deleted' }, 'C1'), false);
  assert.equal(isNewCommandCandidate({ ...event, bot_id: 'B1' }, 'C1'), false);
  assert.equal(isNewCommandCandidate({ ...event, thread_ts: '0.5' }, 'C1'), false);
  assert.equal(isNewCommandCandidate({ ...event, type: 'reaction_added' }, 'C1'), false);
});
