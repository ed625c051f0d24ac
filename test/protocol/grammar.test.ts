import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCommand, parsePlainCommand } from '../../src/protocol/grammar.js';
import { isProblem, renderCommand } from '../../src/protocol/command.js';
import { helpText } from '../../src/protocol/help-text.js';

const accepted: [string, unknown][] = [
  ['deploy canary', { kind: 'deploy', action: 'canary' }],
  ['  DEPLOY   Canary   v2 ', { kind: 'deploy', action: 'canary', ref: 'v2' }],
  ['deploy plan release/2026-11', { kind: 'deploy', action: 'plan', ref: 'release/2026-11' }],
  ['deploy rolling', { kind: 'deploy', action: 'rolling' }],
  [
    'deploy rolling v2 batch 2 max-failures 1 hosts web-1,web-2',
    { kind: 'deploy', action: 'rolling', ref: 'v2', batch: 2, maxFailures: 1, hosts: ['web-1', 'web-2'] },
  ],
  ['deploy rolling HOSTS Web-1 , web-2 BATCH 3', { kind: 'deploy', action: 'rolling', hosts: ['web-1', 'web-2'], batch: 3 }],
  ['deploy rolling max-failures 0', { kind: 'deploy', action: 'rolling', maxFailures: 0 }],
  ['deploy Promote', { kind: 'deploy', action: 'promote' }],
  ['deploy rollback', { kind: 'deploy', action: 'rollback' }],
  ['run uptime', { kind: 'run', name: 'uptime', args: [], target: { kind: 'any' } }],
  ['run Uptime ON ALL', { kind: 'run', name: 'uptime', args: [], target: { kind: 'all' } }],
  ['run tail-log nginx 200 on web-2', { kind: 'run', name: 'tail-log', args: ['nginx', '200'], target: { kind: 'host', host: 'web-2' } }],
  ['run echo on', { kind: 'run', name: 'echo', args: ['on'], target: { kind: 'any' } }],
  ['run echo $(touch x) `id` ; && on any', { kind: 'run', name: 'echo', args: ['$(touch', 'x)', '`id`', ';', '&&'], target: { kind: 'any' } }],
  ['status', { kind: 'status' }],
  ['HOSTS', { kind: 'hosts' }],
  ['help', { kind: 'help' }],
  ['unlock 1732712345.000200 web-2 is gone', { kind: 'unlock', ts: '1732712345.000200', reason: 'web-2 is gone' }],
];

test('accepts every form of the grammar, case-insensitive and with extra spaces', () => {
  for (const [text, expected] of accepted) assert.deepEqual(parseCommand(text), expected, text);
});

test('the canonical text of every accepted example parses to the same command', () => {
  for (const [text] of accepted) {
    const parsed = parsePlainCommand(text.trim().replace(/ +/g, ' '));
    assert.ok(!isProblem(parsed), text);
    assert.deepEqual(parsePlainCommand(renderCommand(parsed)), parsed, text);
  }
});

test("undoes Slack's escaping, mentions and auto-links", () => {
  assert.deepEqual(parseCommand('<@U0BOT> deploy canary v2'), { kind: 'deploy', action: 'canary', ref: 'v2' });
  assert.deepEqual(parseCommand('<@U0BOT|troupe>: <@U0OTHER> status'), { kind: 'status' });
  assert.deepEqual(parseCommand('run ping <http://web-1.example.com|web-1.example.com> on <http://web-2.example.com|web-2.example.com>'), {
    kind: 'run', name: 'ping', args: ['web-1.example.com'], target: { kind: 'host', host: 'web-2.example.com' },
  });
  assert.deepEqual(parseCommand('run grep a&amp;b &lt;x&gt;'), { kind: 'run', name: 'grep', args: ['a&b', '<x>'], target: { kind: 'any' } });
  assert.deepEqual(parseCommand('run echo &amp;lt;'), { kind: 'run', name: 'echo', args: ['&lt;'], target: { kind: 'any' } });
  assert.deepEqual(parseCommand('deploy\u00a0rolling\nv2\tbatch 2'), { kind: 'deploy', action: 'rolling', ref: 'v2', batch: 2 });
  assert.deepEqual(parseCommand('unlock <https://acme.slack.com/archives/C0OPS/p1732712345000200> stuck pin'), {
    kind: 'unlock', ts: '1732712345.000200', reason: 'stuck pin',
  });
});

const refused: [string, RegExp][] = [
  ['deploy', /needs an action/],
  ['deploy sideways', /not a deploy action.*deploy canary/],
  ['deploy canary v2 v3', /at most one ref/],
  ['deploy canary ../etc', /"\.\."/],
  ['deploy canary -fx', /starts with "-"/],
  ['deploy canary main.lock', /\.lock/],
  ['deploy canary a~1', /git does not allow/],
  ['deploy rolling v2 batch 0', /batch.*1 to 100/],
  ['deploy rolling v2 batch two', /whole number/],
  ['deploy rolling v2 batch 101', /1 to 100/],
  ['deploy rolling v2 max-failures -1', /max-failures/],
  ['deploy rolling v2 batch 1 batch 2', /given twice/],
  ['deploy rolling v2 batch', /needs a value/],
  ['deploy rolling v2 fast', /not an option/],
  ['deploy rolling hosts web_1', /not a host name/],
  ['deploy rolling hosts web-1,,web-2', /empty/],
  ['deploy rolling hosts a,a', /twice/],
  ['deploy promote now', /takes nothing/],
  ['run', /needs the name/],
  ['run Üptime', /not a command name/],
  ['run uptime on -bad-', /not a host name/],
  ['status please', /takes nothing/],
  ['unlock', /needs the ts/],
  ['unlock yesterday because', /not a message ts/],
  ['unlock 1732712345.000200', /needs a reason/],
];

test('refuses malformed commands with a message that says what to type', () => {
  for (const [text, message] of refused) {
    const result = parseCommand(text);
    assert.equal(result.kind, 'error', text);
    assert.match((result as { message: string }).message, message, text);
  }
});

test('anything that is not a troupe command is unknown, with a pointer to help', () => {
  for (const text of ['', '   ', 'hello there', 'deploycanary', '<@U0BOT>', 'ship it']) {
    const result = parseCommand(text);
    assert.equal(result.kind, 'unknown', text);
    assert.match((result as { message: string }).message, /help/);
  }
});

test('never echoes a token back in an error', () => {
  const result = parseCommand('deploy canary xoxb-1234-5678-abcdefABCDEF..');
  assert.equal(result.kind, 'error');
  assert.doesNotMatch((result as { message: string }).message, /abcdefABCDEF/);
});

test('refuses oversized text without parsing it', () => {
  assert.equal(parseCommand(`run echo ${'a '.repeat(20_000)}`).kind, 'error');
});

test('help lists only what the caller may do', () => {
  const viewer = helpText({ kinds: ['status', 'hosts', 'help'] });
  assert.match(viewer, /`status`/);
  assert.doesNotMatch(viewer, /deploy|unlock|run/);
  const operator = helpText({ kinds: ['deploy', 'run', 'status', 'hosts', 'unlock', 'help'], run: [{ name: 'uptime', summary: 'load' }, { name: 'tail-log', args: 'UNIT' }] });
  assert.match(operator, /deploy canary/);
  assert.match(operator, /run uptime`: load/);
  assert.match(operator, /run tail-log UNIT/);
  assert.match(helpText({ kinds: [] }), /ask an operator/);
});
