import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { DoctorConfig } from '../../src/doctor/doctor-config.js';
import { formatReport } from '../../src/doctor/format-report.js';
import { runDoctor } from '../../src/doctor/run-doctor.js';
import type { SupervisorPorts } from '../../src/doctor/supervisor-check.js';
import { ExitCode } from '../../src/exit-codes.js';
import { localSetup, seedWith } from './local-setup.js';

const supervised: SupervisorPorts = {
  user: 'troupe',
  processes: async () => [{ pid: 9, argv: ['troupe', 'supervise', '--', 'troupe', 'agent'] }],
  systemdBooted: async () => false,
  unitProperties: async () => ({}),
};

async function doctor(config: DoctorConfig | Error, json: boolean) {
  let out = '';
  const code = await runDoctor(
    { json },
    {
      env: {},
      loadConfig: () => {
        if (config instanceof Error) throw config;
        return config;
      },
      system: supervised,
      out: (text) => (out += text),
    },
  );
  return { code, out };
}

test('a healthy setup prints one ✓ line per check and exits 0', async () => {
  const setup = await localSetup(seedWith(), { stateDir: mkdtempSync(join(tmpdir(), 'troupe-doctor-run-')) });
  try {
    const { code, out } = await doctor(setup.config, false);
    const lines = out.trimEnd().split('\n');
    assert.equal(code, ExitCode.ok, out);
    assert.equal(lines.length, 11);
    assert.deepEqual(lines.slice(0, 10).map((line) => line[0]), ['✓', '✓', '✓', '✓', '✓', '✓', '–', '–', '✓', '✓']);
    assert.match(lines[6]!, /^– app repository +no app section in/);
    assert.equal(lines[10], 'troupe doctor: no problems found (2 not checked)');
  } finally {
    await setup.close();
  }
});

test('failures print ✗ with the fix on the same line, and the exit code is non-zero', async () => {
  const seed = seedWith((s) => (s.channels[0]!.members = []));
  const setup = await localSetup(seed, { stateDir: mkdtempSync(join(tmpdir(), 'troupe-doctor-run-')) });
  try {
    const { code, out } = await doctor(setup.config, false);
    assert.equal(code, ExitCode.failure);
    assert.match(out, /^✗ bot in channel +@troupe is not a member of #ops \(C0OPS00001\) → fix: in Slack, open #ops and type \/invite @troupe$/m);
    assert.match(out, /^troupe doctor: 1 to fix: bot in channel \(2 not checked\)$/m);
  } finally {
    await setup.close();
  }
});

test('--json prints exactly one document with every check, its status and fix', async () => {
  const { code, out } = await doctor(new Error('/etc/troupe/agent.yaml: channel: missing; expected the Slack channel id'), true);
  assert.equal(code, ExitCode.failure);
  const report = JSON.parse(out) as { ok: boolean; checks: { id: string; status: string; detail: string; fix?: string }[] };
  assert.equal(report.ok, false);
  assert.equal(report.checks.length, 10);
  assert.deepEqual(report.checks[0], {
    id: 'config',
    title: 'configuration',
    status: 'fail',
    detail: '/etc/troupe/agent.yaml: channel: missing; expected the Slack channel id',
    fix: 'correct the configuration as said; deploy/agent.example.yaml shows every key',
  });
  assert.ok(report.checks.slice(1).every((check) => check.status === 'skip' && check.detail === 'needs a valid configuration'));
});

test('the text report lines up titles and never prints a token', () => {
  const text = formatReport({
    ok: false,
    checks: [
      { id: 'bot-token', title: 'bot token', status: 'fail', detail: 'refused', fix: 'use xoxb-…' },
      { id: 'state-dir', title: 'state directory', status: 'pass', detail: '/var/lib/troupe is writable' },
    ],
  });
  assert.equal(text, '✗ bot token        refused → fix: use xoxb-…\n✓ state directory  /var/lib/troupe is writable\ntroupe doctor: 1 to fix: bot token\n');
});

test("a token file that belongs to another user points at running the doctor as the agent's user", async () => {
  const { out } = await doctor(new Error('/etc/troupe/agent.yaml: tokens.botFile: the token file /etc/troupe/bot-token belongs to another user (uid 998)'), false);
  assert.match(out.split('\n')[0] ?? '', /^✗ configuration .* → fix: run the doctor as the agent's user: sudo -u troupe troupe doctor --config FILE$/);
});
