import assert from 'node:assert/strict';
import { lstatSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { execa } from 'execa';
import { root } from '../helpers/cli.js';
import { parseUnit, values } from './unit-file.js';

const script = join(root, 'deploy', 'install.sh');
const me = userInfo().username;
const quiet = { SLACK_BOT_TOKEN: '', SLACK_APP_TOKEN: '' };

async function has(command: string): Promise<boolean> {
  return (await execa('sh', ['-c', `command -v ${command}`], { reject: false })).exitCode === 0;
}

function install(args: string[], env: Record<string, string> = {}) {
  return execa('bash', [script, ...args], { reject: false, input: '', env: { ...quiet, ...env } });
}

/** Every path under `dir` with its type, mode, owner and content: what a second run must not change. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (path: string) => {
    const stat = lstatSync(path);
    const content = stat.isFile() ? readFileSync(path, 'utf8') : '';
    out.push(`${relative(dir, path)} ${stat.mode.toString(8)} ${stat.uid}:${stat.gid} ${content}`);
    if (stat.isDirectory()) for (const name of readdirSync(path).sort()) walk(join(path, name));
  };
  walk(dir);
  return out;
}

test('install.sh passes shellcheck (bash -n where shellcheck is missing)', async (t) => {
  if (!(await has('shellcheck'))) {
    t.diagnostic('shellcheck not found: checking the syntax with bash -n only');
    assert.equal((await execa('bash', ['-n', script], { reject: false })).exitCode, 0);
    return;
  }
  const checked = await execa('shellcheck', ['--severity=style', script], { reject: false });
  assert.equal(checked.stdout, '');
  assert.equal(checked.exitCode, 0);
});

test('install.sh lays out directories, files, tokens and the unit, with the paths given', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'troupe-install-'));
  const run = await install(['--root', dir, '--user', me, '--app-dir', '/opt/shop', '--state-dir', '/var/lib/shop-troupe'], {
    SLACK_BOT_TOKEN: 'xoxb-1-test',
    SLACK_APP_TOKEN: 'xapp-1-test',
  });
  assert.equal(run.exitCode, 0, run.stderr);
  assert.equal(statSync(join(dir, 'etc/troupe')).mode & 0o777, 0o750);
  assert.equal(statSync(join(dir, 'var/lib/shop-troupe')).mode & 0o777, 0o700);
  assert.equal(statSync(join(dir, 'etc/troupe/troupe.env')).mode & 0o777, 0o600);
  assert.equal(statSync(join(dir, 'etc/troupe/agent.yaml')).mode & 0o777, 0o640);
  for (const [file, token] of [['bot-token', 'xoxb-1-test'], ['app-token', 'xapp-1-test']]) {
    assert.equal(statSync(join(dir, 'etc/troupe', file!)).mode & 0o777, 0o600);
    assert.equal(readFileSync(join(dir, 'etc/troupe', file!), 'utf8').trim(), token);
  }
  assert.doesNotMatch(run.stdout + run.stderr, /xoxb-1-test|xapp-1-test/, 'tokens are never echoed');
  const unit = parseUnit(readFileSync(join(dir, 'etc/systemd/system/troupe-agent.service'), 'utf8'));
  assert.deepEqual(values(unit, 'Service', 'ReadWritePaths'), ['/opt/shop /var/lib/shop-troupe']);
  assert.deepEqual(values(unit, 'Service', 'User'), [me]);
  const config = readFileSync(join(dir, 'etc/troupe/agent.yaml'), 'utf8');
  assert.match(config, /^ {2}dir: \/opt\/shop$/m);
  assert.match(config, /^stateDir: \/var\/lib\/shop-troupe$/m);
});

test('install.sh run twice changes nothing the second time and keeps edited files', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'troupe-install-'));
  assert.equal((await install(['--root', dir, '--user', me], { SLACK_BOT_TOKEN: 'xoxb-2-test' })).exitCode, 0);
  writeFileSync(join(dir, 'etc/troupe/agent.yaml'), 'channel: C0EDITED\n');
  chmodSync(join(dir, 'etc/troupe/bot-token'), 0o644);
  await install(['--root', dir, '--user', me]);
  const before = snapshot(dir);
  const again = await install(['--root', dir, '--user', me]);
  assert.equal(again.exitCode, 0, again.stderr);
  assert.deepEqual(snapshot(dir), before);
  assert.equal(readFileSync(join(dir, 'etc/troupe/agent.yaml'), 'utf8'), 'channel: C0EDITED\n');
  assert.equal(statSync(join(dir, 'etc/troupe/bot-token')).mode & 0o777, 0o600, 'a loose token file is tightened');
  assert.match(again.stdout, /troupe-agent\.service: unchanged/);
  assert.match(again.stdout, /app-token: missing; rerun with the token in the environment/);
});

test('install.sh refuses swapped tokens and relative paths, saying what to do', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'troupe-install-'));
  const swapped = await install(['--root', dir, '--user', me], { SLACK_BOT_TOKEN: 'xapp-1-swapped' });
  assert.notEqual(swapped.exitCode, 0);
  assert.match(swapped.stderr, /bot token must start with xoxb- \(check that the two tokens are not swapped\)/);
  const relativePath = await install(['--root', dir, '--user', me, '--app-dir', 'srv/app']);
  assert.notEqual(relativePath.exitCode, 0);
  assert.match(relativePath.stderr, /srv\/app: give an absolute path/);
});

test('the unit install.sh writes passes systemd-analyze verify (where it exists)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'troupe-install-'));
  const stub = join(dir, 'troupe-stub');
  writeFileSync(stub, '#!/bin/sh\nexit 0\n');
  chmodSync(stub, 0o755);
  const run = await install(['--root', dir, '--user', me, '--bin', stub, '--app-dir', '/opt/shop']);
  assert.equal(run.exitCode, 0, run.stderr);
  const unitFile = join(dir, 'etc/systemd/system/troupe-agent.service');
  const unit = parseUnit(readFileSync(unitFile, 'utf8'));
  assert.deepEqual(values(unit, 'Service', 'ExecStart'), [`${stub} supervise --journal /var/lib/troupe/update.json -- ${stub} agent --config /etc/troupe/agent.yaml`]);
  if (!(await has('systemd-analyze'))) {
    t.diagnostic('systemd-analyze not found: checked the rendered ExecStart only');
    return;
  }
  const verified = await execa('systemd-analyze', ['verify', '--man=no', unitFile], { reject: false });
  assert.equal(verified.stderr, '');
  assert.equal(verified.exitCode, 0);
});
