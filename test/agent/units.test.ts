import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { AuditLog } from '../../src/agent/audit-log.js';
import { idlePollIntervalMs, intervalWithinShare } from '../../src/agent/budget.js';
import { turnOrder } from '../../src/agent/claim-once.js';
import { isUnreadThread } from '../../src/agent/channel-reader.js';
import { checkCommandArgs } from '../../src/agent/command-args.js';
import { cutToTail, formatCommandResult, OUTPUT_LIMIT } from '../../src/agent/format-output.js';
import { compareTs, Journal } from '../../src/agent/journal.js';
import { runProcess } from '../../src/agent/run-process.js';

const command = (args: { name: string; pattern: string; optional: boolean }[]) => ({ argv: ['systemctl', 'status'], args, timeout: 5 });

test('arguments: count and full-match patterns are checked', () => {
  const unit = command([{ name: 'unit', pattern: '[a-z]+\\.service', optional: false }, { name: 'lines', pattern: '\\d+', optional: true }]);
  assert.equal(checkCommandArgs('status', unit, ['nginx.service']), undefined);
  assert.equal(checkCommandArgs('status', unit, ['nginx.service', '20']), undefined);
  assert.match(checkCommandArgs('status', unit, []) ?? '', /takes unit \[lines\]; got 0/);
  assert.match(checkCommandArgs('status', unit, ['a', 'b', 'c']) ?? '', /got 3/);
  assert.match(checkCommandArgs('status', unit, ['nginx.service; rm -rf /']) ?? '', /argument unit .* must match/);
  assert.match(checkCommandArgs('status', command([]), ['x']) ?? '', /takes no arguments/);
});

test('output is cut to fit with the tail kept and the size said', () => {
  const lines = Array.from({ length: 2000 }, (_, i) => `line ${i}`).join('\n');
  const cut = cutToTail(lines);
  assert.ok(cut.text.length <= OUTPUT_LIMIT);
  assert.ok(cut.text.endsWith('line 1999'));
  assert.match(cut.note ?? '', /of [\d,]+ bytes/);
  assert.deepEqual(cutToTail('short'), { text: 'short' });
});

test('a result reply says host, command, exit code, duration and output, with tokens redacted', () => {
  const { text, truncated } = formatCommandResult('web-1', 'env', { exitCode: 3, timedOut: false, durationMs: 1234, output: 'TOKEN=xoxb-1234-abcdef <b>\n' });
  assert.equal(truncated, false);
  assert.match(text, /\*web-1\* · `env` · ❌ exit 3 · 1\.23 s/);
  assert.doesNotMatch(text, /xoxb-1234-abcdef/);
  assert.match(text, /&lt;b&gt;/);
  const late = formatCommandResult('h', 'x', { exitCode: undefined, failure: 'timed out after 5 s', timedOut: true, durationMs: 5000, output: '' });
  assert.match(late.text, /❌ timed out after 5 s[\s\S]*no output/);
  const long = formatCommandResult('h', 'x', { exitCode: 0, timedOut: false, durationMs: 1, output: 'y\n'.repeat(5000) });
  assert.equal(long.truncated, true);
  assert.match(long.text, /output cut: last [\d,]+ of 10,000 bytes/);
});

test('the polling interval keeps the whole fleet inside its share of the tier', () => {
  const one = intervalWithinShare({ fleetSize: 1, tierPerMinute: 50, share: 0.4, scale: 1, minMs: 100 });
  const ten = intervalWithinShare({ fleetSize: 10, tierPerMinute: 50, share: 0.4, scale: 1, minMs: 100 });
  assert.equal(one, 3000);
  assert.equal(ten, 30_000);
  assert.ok((10 * 60_000) / ten <= 50 * 0.4);
  assert.equal(intervalWithinShare({ fleetSize: 1, tierPerMinute: 50, share: 0.4, scale: 100, minMs: 2000 }), 2000);
});

test('the first hosts of the roster poll the channel more often while idle; the rest as before, the whole within its share', () => {
  const at = (fleetSize: number, place: number) => idlePollIntervalMs({ fleetSize, place, tierPerMinute: 50, scale: 1, minMs: 2000 });
  assert.equal(at(10, 0), 10_000, 'the first of ten: 6 % of the tier on top of its 6 %');
  assert.equal(at(10, 1), 13_334);
  assert.equal(at(10, 2), 20_000, 'the third looks as every host did: 60 % of the tier split ten ways');
  assert.equal(at(10, -1), 20_000, 'a host not in its own view of the roster gets no bonus');
  assert.equal(at(30, 0), 15_000, 'the first of thirty finds a command within 15 s instead of 60 s');
  assert.equal(at(30, 29), 60_000);
  for (const n of [1, 3, 10, 30, 100]) {
    const perMinute = Array.from({ length: n }, (_, place) => 60_000 / at(n, place)).reduce((a, b) => a + b, 0);
    assert.ok(perMinute <= 50 * 0.69 + 1e-9, `${n} hosts poll ${perMinute.toFixed(1)} times a minute`);
  }
  assert.equal(at(1, 0), 2000, 'never below the floor');
});

test('a thread event under a message newer than the channel read so far wakes the channel poll; one under a read message does not', () => {
  const cursor = '1795855113.753000';
  assert.equal(isUnreadThread('1795855113.753001', cursor), true, 'a command posted after the last read');
  assert.equal(isUnreadThread('1795855113.753000', cursor), false, 'the last message read: its thread is followed already');
  assert.equal(isUnreadThread('1795000000.000100', cursor), false, 'the roster, long read');
  assert.equal(isUnreadThread('1795855113.753001', undefined), true, 'nothing read yet');
});

test('turn order is the same everywhere, and differs between messages', () => {
  const hosts = ['web-1', 'web-2', 'web-3', 'web-4'];
  assert.deepEqual(turnOrder('1.000001', hosts), turnOrder('1.000001', [...hosts].reverse()));
  const firsts = new Set(Array.from({ length: 40 }, (_, i) => turnOrder(`1.${String(i).padStart(6, '0')}`, hosts)[0]));
  assert.ok(firsts.size > 1);
});

test('the journal survives a restart and lists what was running', () => {
  const dir = mkdtempSync(join(tmpdir(), 'troupe-journal-test-'));
  try {
    const journal = Journal.open(dir);
    journal.record('10.000100', { phase: 'running', text: 'run uptime', at: 1 });
    journal.record('10.000200', { phase: 'done', text: 'run uptime', at: 2 });
    journal.advance('10.000200');
    journal.advance('9.000000');
    journal.setSection('deploy', { phase: 'building' });
    const again = Journal.open(dir);
    assert.equal(again.cursor, '10.000200');
    assert.deepEqual(again.unfinished().map(([ts]) => ts), ['10.000100']);
    assert.deepEqual(again.section('deploy'), { phase: 'building' });
    assert.ok(compareTs('10.000200', '9.999999') > 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the audit log appends one JSON line per entry, redacted', () => {
  const dir = mkdtempSync(join(tmpdir(), 'troupe-audit-test-'));
  try {
    const audit = new AuditLog(dir, 'web-1');
    audit.append({ event: 'seen', ts: '1.000001', user: 'U1', text: 'run echo xoxb-123-secret' });
    audit.append({ event: 'decision', ts: '1.000001', decision: 'run' });
    const lines = readFileSync(audit.path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(lines.map((l) => l.event), ['seen', 'decision']);
    assert.equal(lines[0]?.host, 'web-1');
    assert.doesNotMatch(JSON.stringify(lines), /123-secret/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('runProcess runs argv without a shell, times out, and hides the Slack tokens from the child', async () => {
  const echoed = await runProcess(['echo', '$(id)', '`id`', ';', 'id'], { timeoutMs: 5000 });
  assert.equal(echoed.output.trim(), '$(id) `id` ; id');
  const slow = await runProcess(['sleep', '5'], { timeoutMs: 200 });
  assert.equal(slow.timedOut, true);
  assert.match(slow.failure ?? '', /timed out/);
  process.env.SLACK_BOT_TOKEN = 'xoxb-never-seen';
  try {
    const env = await runProcess(['env'], { timeoutMs: 5000 });
    assert.doesNotMatch(env.output, /xoxb-never-seen/);
    assert.match(env.output, /PATH=/);
  } finally {
    delete process.env.SLACK_BOT_TOKEN;
  }
  const missing = await runProcess(['no-such-program-here'], { timeoutMs: 1000 });
  assert.notEqual(missing.exitCode, 0);
});
