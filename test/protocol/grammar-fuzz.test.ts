import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseCommand, parsePlainCommand } from '../../src/protocol/grammar.js';
import { escapeSlackText, renderCommand, type ParseResult, type ParsedCommand } from '../../src/protocol/command.js';

/*
 * An oracle written apart from the parser: the canonical text of every accepted command must
 * match one of these shapes of DESIGN §3. If the parser ever accepts something else, its
 * canonical form gives it away.
 */
const REF = String.raw`(?!-)[^\s~^:?*[\\\x00-\x1f\x7f]+`;
const HOST = String.raw`[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?`;
const N = String.raw`\d{1,3}`;
const CANONICAL = [
  new RegExp(`^deploy (?:canary|plan)(?: ${REF})?$`),
  new RegExp(`^deploy rolling(?: ${REF})?(?: batch ${N})?(?: max-failures ${N})?(?: hosts ${HOST}(?:,${HOST})*)?$`),
  /^deploy (?:promote|abort|pause|resume|retry|rollback)$/,
  new RegExp(String.raw`^run [a-z0-9][a-z0-9_.-]*(?: [^\s\x00-\x1f\x7f]+)* on (?:any|all|${HOST})$`, 'u'),
  /^(?:status|hosts|help)$/,
  /^unlock \d{9,10}\.\d{6} \S(?:.*\S)?$/su,
];

function accepted(result: ParseResult): result is ParsedCommand {
  return result.kind !== 'unknown' && result.kind !== 'error';
}

let acceptedCount = 0;

function checkOne(text: string): void {
  const result = parseCommand(text);
  if (!accepted(result)) {
    assert.ok(result.message.length > 0 && result.message.length < 1000);
    return;
  }
  acceptedCount += 1;
  const canonical = renderCommand(result);
  assert.ok(CANONICAL.some((shape) => shape.test(canonical)), `accepted outside the grammar: ${JSON.stringify(text)} -> ${canonical}`);
  assert.deepEqual(parsePlainCommand(canonical), result, canonical);
  assert.deepEqual(parseCommand(escapeSlackText(canonical)), result, canonical);
}

const keyword = fc.constantFrom(
  'deploy', 'canary', 'rolling', 'plan', 'promote', 'abort', 'pause', 'resume', 'retry', 'rollback',
  'run', 'on', 'any', 'all', 'status', 'hosts', 'unlock', 'help', 'batch', 'max-failures',
).chain((word) => fc.boolean().map((upper) => (upper ? word.toUpperCase() : word)));

const hostile = fc.constantFrom(
  '$(touch /tmp/x)', '`id`', ';', '&&', '|', '..', '-rf', '--upload-pack=x', 'a~1', 'HEAD^', 'x.lock', '.hidden', '@{0}',
  '&lt;', '&gt;', '&amp;', '&amp;lt;', '<@U123>', '<@U1|bob>', '<#C1|ops>', '<!here>', '<http://a.b|a.b>', '<http://x>',
  '<', '>', '|', ',', ',,', '\u0000', '\u200b', '\u00a0', '\n', '\t', '💥', 'Ü', '0', '101', '-1', '999999999',
  '1732712345.000200', 'https://a.slack.com/archives/C1/p1732712345000200', 'web-1', 'web-1,web-2', 'xoxb-1-2-abc',
);

const word = fc.oneof(keyword, hostile, fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 8 }));
const space = fc.constantFrom(' ', '  ', '\t', '\n', '\u00a0', ' , ');
const tokenText = fc.array(fc.tuple(word, space), { maxLength: 12 }).map((parts) => parts.map(([w, s]) => w + s).join(''));
const prefix = fc.constantFrom('deploy canary', 'deploy rolling', 'deploy plan', 'run uptime', 'unlock 1732712345.000200', '<@U0BOT> deploy rolling v2');
const shortTail = fc.array(fc.tuple(fc.oneof(keyword, hostile), space), { maxLength: 4 }).map((parts) => parts.map(([w, s]) => w + s).join(''));

const refArb = fc.constantFrom('main', 'v2', 'release/2026-11', 'a,b', 'deadbeef', 'feature/X_y', 'Batch-x');
const hostArb = fc.constantFrom('web-1', 'web-2', 'db.example.com', 'a', '0');
const commandArb: fc.Arbitrary<ParsedCommand> = fc.oneof(
  fc.record({ kind: fc.constant('deploy' as const), action: fc.constantFrom('canary' as const, 'plan' as const), ref: refArb }),
  fc.record(
    {
      kind: fc.constant('deploy' as const), action: fc.constant('rolling' as const), ref: refArb,
      batch: fc.integer({ min: 1, max: 100 }), maxFailures: fc.integer({ min: 0, max: 100 }),
      hosts: fc.uniqueArray(hostArb, { minLength: 1 }),
    },
    { requiredKeys: ['kind', 'action'] },
  ),
  fc.constantFrom<ParsedCommand>({ kind: 'status' }, { kind: 'hosts' }, { kind: 'help' }, { kind: 'deploy', action: 'retry' }),
  fc.record({
    kind: fc.constant('run' as const), name: fc.constantFrom('uptime', 'tail-log', 'x.y'),
    args: fc.array(fc.constantFrom('on', 'all', 'a&b', '<x>', '&lt;', '$(id)', '💥'), { maxLength: 4 }),
    target: fc.oneof(fc.constant({ kind: 'any' as const }), fc.constant({ kind: 'all' as const }), hostArb.map((host) => ({ kind: 'host' as const, host }))),
  }),
  fc.record({ kind: fc.constant('unlock' as const), ts: fc.constant('1732712345.000200'), reason: fc.constantFrom('gone', 'web-2 is gone for good', '<b> & c') }),
);

test('4,000 arbitrary unicode strings: no crash, nothing accepted outside the grammar', () => {
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 80 }), checkOne), { numRuns: 2000 });
  fc.assert(fc.property(fc.string({ maxLength: 200 }), checkOne), { numRuns: 2000 });
});

test('5,000 grammar-shaped hostile strings: no crash, every acceptance round-trips', () => {
  fc.assert(fc.property(tokenText, checkOne), { numRuns: 3000 });
  fc.assert(fc.property(keyword, tokenText, (verb, rest) => checkOne(`${verb} ${rest}`)), { numRuns: 1000 });
  fc.assert(fc.property(prefix, shortTail, (start, rest) => checkOne(`${start} ${rest}`)), { numRuns: 1000 });
  // The generator must reach the accepting paths, or the round-trip check proves nothing.
  assert.ok(acceptedCount > 100, `only ${acceptedCount} accepted`);
});

test('2,000 generated commands: their Slack-escaped canonical text parses back to them', () => {
  fc.assert(
    fc.property(commandArb, (command) => {
      // fast-check builds records without a prototype; compare them as plain data.
      assert.deepEqual(parseCommand(escapeSlackText(renderCommand(command))), JSON.parse(JSON.stringify(command)));
    }),
    { numRuns: 2000 },
  );
});
