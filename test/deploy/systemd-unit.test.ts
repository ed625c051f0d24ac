import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { execa } from 'execa';
import { parse as parseYaml } from 'yaml';
import { ExitCode } from '../../src/exit-codes.js';
import { root } from '../helpers/cli.js';
import { parseUnit, values } from './unit-file.js';

const unitPath = join(root, 'deploy', 'troupe-agent.service');
const unitText = readFileSync(unitPath, 'utf8');
const unit = parseUnit(unitText);
const service = (key: string) => values(unit, 'Service', key);

async function has(command: string): Promise<boolean> {
  const found = await execa('sh', ['-c', `command -v ${command}`], { reject: false });
  return found.exitCode === 0;
}

/** The unit with ExecStart pointing at a stub, since verify insists that the program exists. */
function unitWithStubProgram(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'troupe-unit-'));
  const stub = join(dir, 'troupe');
  writeFileSync(stub, '#!/bin/sh\nexit 0\n');
  chmodSync(stub, 0o755);
  const copy = join(dir, 'troupe-agent.service');
  writeFileSync(copy, text.replace(/^ExecStart=\S+/m, `ExecStart=${stub}`));
  return copy;
}

test('the unit restarts the agent always, and exit code 75 counts as a requested restart', () => {
  assert.deepEqual(service('Restart'), ['always']);
  const restart = String(ExitCode.restart);
  assert.ok(service('RestartForceExitStatus').join(' ').split(/\s+/).includes(restart));
  assert.ok(service('SuccessExitStatus').join(' ').split(/\s+/).includes(restart));
  assert.deepEqual(values(unit, 'Unit', 'StartLimitIntervalSec'), ['0']);
});

test('the unit runs `troupe agent` as the troupe user with the environment file', () => {
  assert.deepEqual(service('User'), ['troupe']);
  assert.deepEqual(service('EnvironmentFile'), ['/etc/troupe/troupe.env']);
  const [execStart] = service('ExecStart');
  // The agent runs under troupe's supervisor, which keeps the update guard (I4) outside the deployed tree.
  assert.match(execStart ?? '', /^\/\S+\/troupe supervise --journal \/var\/lib\/troupe\/update\.json -- \/\S+\/troupe agent --config \/etc\/troupe\/agent\.yaml$/);
  assert.deepEqual(values(unit, 'Install', 'WantedBy'), ['multi-user.target']);
});

test('the unit is hardened and can write only the app and state directories', () => {
  for (const [key, value] of [
    ['NoNewPrivileges', 'yes'],
    ['ProtectSystem', 'strict'],
    ['ProtectHome', 'yes'],
    ['PrivateTmp', 'yes'],
    ['PrivateDevices', 'yes'],
    ['CapabilityBoundingSet', ''],
  ] as const) {
    assert.deepEqual(service(key), [value], `${key}=${value}`);
  }
  assert.deepEqual(service('MemoryDenyWriteExecute'), [], "Node's JIT needs W+X memory");
  const writable = service('ReadWritePaths').join(' ').split(/\s+/).sort();
  assert.deepEqual(writable, ['/srv/app', '/var/lib/troupe']);
});

test("the unit's writable paths are the example configuration's app.dir and stateDir", () => {
  const config = parseYaml(readFileSync(join(root, 'deploy', 'agent.example.yaml'), 'utf8')) as {
    app: { dir: string };
    stateDir: string;
  };
  const writable = service('ReadWritePaths').join(' ').split(/\s+/);
  assert.ok(writable.includes(config.app.dir), config.app.dir);
  assert.ok(writable.includes(config.stateDir), config.stateDir);
  assert.deepEqual(service('WorkingDirectory'), [config.stateDir]);
});

test('systemd-analyze verify accepts the unit (where systemd-analyze exists)', async (t) => {
  if (!(await has('systemd-analyze'))) {
    t.diagnostic('systemd-analyze not found: checking the unit parses into its three sections instead');
    assert.deepEqual([...new Set(unit.map((entry) => entry.section))], ['Unit', 'Service', 'Install']);
    return;
  }
  const verified = await execa('systemd-analyze', ['verify', '--man=no', unitWithStubProgram(unitText)], { reject: false });
  assert.equal(verified.stderr, '');
  assert.equal(verified.exitCode, 0);
});

test("systemd-analyze rates the unit's exposure OK or better (where it exists)", async (t) => {
  if (!(await has('systemd-analyze'))) {
    t.diagnostic('systemd-analyze not found: checking the sandboxing keys are present instead');
    assert.ok(['SystemCallFilter', 'RestrictNamespaces', 'ProtectKernelModules'].every((key) => service(key).length === 1));
    return;
  }
  const rated = await execa('systemd-analyze', ['security', '--offline=true', unitWithStubProgram(unitText)], { reject: false });
  const exposure = /Overall exposure level for \S+: ([\d.]+) (\w+)/.exec(rated.stdout);
  assert.ok(exposure, rated.stdout.slice(-500));
  t.diagnostic(`exposure ${exposure[1]} ${exposure[2]}`);
  assert.ok(Number(exposure[1]) < 3, `exposure ${exposure[1]} ${exposure[2]}`);
});
