import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { execa } from 'execa';
import type { DoctorConfig } from '../../src/doctor/doctor-config.js';
import { checkStateDir } from '../../src/doctor/state-dir-check.js';
import { checkSupervisor, findSupervisor, type SupervisorPorts } from '../../src/doctor/supervisor-check.js';
import { parseSystemctlShow, systemPorts } from '../../src/doctor/system-ports.js';

function config(overrides: Partial<DoctorConfig> = {}): DoctorConfig {
  return {
    file: '/etc/troupe/agent.yaml',
    host: 'web-1',
    channel: 'C0OPS00001',
    apiUrl: 'http://127.0.0.1:9/api/',
    stateDir: '/var/lib/troupe',
    tokens: { bot: 'xoxb-x' },
    slack: { socket: false },
    app: { dir: '/srv/app', remote: 'origin', branch: 'main' },
    ...overrides,
  };
}

/** systemd running, the unit as `props` says. */
function systemd(props: Record<string, string>, processes: { pid: number; argv: string[] }[] = []): SupervisorPorts {
  return { user: 'troupe', processes: async () => processes, systemdBooted: async () => true, unitProperties: async () => props };
}

const healthy = { LoadState: 'loaded', UnitFileState: 'enabled', ActiveState: 'active', User: 'troupe', ReadWritePaths: '/srv/app /var/lib/troupe' };

test('the state directory takes a synced file and is left as it was', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'troupe-doctor-state-'));
  const result = await checkStateDir(config({ stateDir: dir }));
  assert.equal(result.status, 'pass');
  assert.deepEqual(readdirSync(dir), []);
});

test('a state directory that does not exist yet passes when it can be created, fails under a file', async () => {
  const base = mkdtempSync(join(tmpdir(), 'troupe-doctor-state-'));
  const later = await checkStateDir(config({ stateDir: join(base, 'a', 'b') }));
  assert.equal(later.status, 'pass');
  assert.match(later.detail, /does not exist yet; the agent will create it in /);
  writeFileSync(join(base, 'file'), '');
  const underFile = await checkStateDir(config({ stateDir: join(base, 'file', 'state') }));
  assert.equal(underFile.status, 'fail');
  assert.match(underFile.detail, /is a file$/);
  const isFile = await checkStateDir(config({ stateDir: join(base, 'file') }));
  assert.equal(isFile.status, 'fail');
  assert.match(isFile.fix ?? '', /set stateDir in \/etc\/troupe\/agent\.yaml/);
});

test('an enabled, active unit that can write the configured paths passes', async () => {
  const result = await checkSupervisor(config(), systemd(healthy));
  assert.equal(result.status, 'pass');
  assert.equal(result.detail, 'troupe-agent.service is enabled and active (User=troupe)');
});

test('each way the unit can be wrong is named with its fix', async () => {
  const cases: [Record<string, string>, RegExp, RegExp][] = [
    [{ LoadState: 'not-found' }, /is not installed/, /deploy\/install\.sh/],
    [{ ...healthy, UnitFileState: 'disabled' }, /is disabled$/, /systemctl enable --now troupe-agent/],
    [{ ...healthy, ActiveState: 'failed' }, /enabled but failed$/, /journalctl -u troupe-agent/],
    [{ ...healthy, ReadWritePaths: '/var/lib/troupe' }, /cannot write \/srv\/app/, /--app-dir and --state-dir/],
  ];
  for (const [props, detail, fix] of cases) {
    const result = await checkSupervisor(config(), systemd(props));
    assert.equal(result.status, 'fail', JSON.stringify(props));
    assert.match(result.detail, detail);
    assert.match(result.fix ?? '', fix);
  }
});

test('a parent ReadWritePaths entry covers the directories under it; a different user is pointed out', async () => {
  const result = await checkSupervisor(config({ stateDir: '/srv/troupe/state', app: { dir: '/srv/troupe/app', remote: 'origin', branch: 'main' } }), {
    ...systemd({ ...healthy, ReadWritePaths: '-/srv/troupe/' }),
    user: 'root',
  });
  assert.equal(result.status, 'pass', result.detail);
  assert.match(result.detail, /run it as `sudo -u troupe troupe doctor`/);
});

test('without systemd, a running `troupe supervise -- … agent` is the supervisor; none is a failure', async () => {
  const supervised = [{ pid: 42, argv: ['node', '/usr/local/bin/troupe', 'supervise', '--journal', 'j.json', '--', 'troupe', 'agent'] }];
  const noSystemd = { ...systemd({}), systemdBooted: async () => false };
  const found = await checkSupervisor(config(), { ...noSystemd, processes: async () => supervised });
  assert.equal(found.status, 'pass');
  assert.match(found.detail, /pid 42/);
  const none = await checkSupervisor(config(), noSystemd);
  assert.equal(none.status, 'fail');
  assert.match(none.fix ?? '', /troupe supervise -- troupe agent --config \/etc\/troupe\/agent\.yaml/);
  assert.equal(findSupervisor([{ pid: 7, argv: ['vim', 'supervise', 'agent'] }]), undefined);
});

test('the real process list finds a real `troupe supervise` process', async () => {
  const fake = execa(process.execPath, ['-e', 'setTimeout(() => {}, 30000)', 'troupe', 'supervise', '--', 'troupe', 'agent']);
  try {
    // Until the child has exec'd, /proc shows the parent's command line: poll for it.
    let pid: number | undefined;
    for (let tries = 0; tries < 100 && pid === undefined; tries += 1) {
      pid = findSupervisor((await systemPorts.processes()).filter((entry) => entry.pid === fake.pid));
      if (pid === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(pid, fake.pid);
  } finally {
    fake.kill();
    await fake.catch(() => undefined);
  }
});

test('systemctl show output is read into properties, keeping = inside values', () => {
  const props = parseSystemctlShow('LoadState=loaded\nUnitFileState=enabled\nUser=troupe\nReadWritePaths=/srv/app /var/lib/troupe\nEnvironment=A=1\n');
  assert.deepEqual(props, { LoadState: 'loaded', UnitFileState: 'enabled', User: 'troupe', ReadWritePaths: '/srv/app /var/lib/troupe', Environment: 'A=1' });
});
