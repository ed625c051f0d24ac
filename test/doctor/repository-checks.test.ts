import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { execa } from 'execa';
import type { DoctorConfig } from '../../src/doctor/doctor-config.js';
import { checkRepository, checkWorkingTree } from '../../src/doctor/repository-checks.js';

const git = (cwd: string, ...args: string[]) =>
  execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { cwd });

/** A bare origin with one commit on main, and a clone of it as the app's working tree. */
async function appRepository(): Promise<{ origin: string; dir: string }> {
  const base = mkdtempSync(join(tmpdir(), 'troupe-doctor-git-'));
  const origin = join(base, 'origin.git');
  const dir = join(base, 'app');
  await execa('git', ['init', '--bare', '--initial-branch=main', origin]);
  await execa('git', ['clone', origin, dir]);
  writeFileSync(join(dir, 'server.js'), 'console.log("v1")\n');
  await git(dir, 'add', 'server.js');
  await git(dir, 'commit', '-m', 'v1');
  await git(dir, 'push', 'origin', 'HEAD:main');
  return { origin, dir };
}

function config(dir: string, app: Partial<NonNullable<DoctorConfig['app']>> = {}): DoctorConfig {
  return {
    file: '/etc/troupe/agent.yaml',
    host: 'web-1',
    channel: 'C0OPS00001',
    apiUrl: 'http://127.0.0.1:9/api/',
    stateDir: '/var/lib/troupe',
    tokens: { bot: 'xoxb-x' },
    slack: { socket: false },
    app: { dir, remote: 'origin', branch: 'main', ...app },
  };
}

test('a clone whose origin answers and has the branch passes, with the sha the branch is at', async () => {
  const { dir } = await appRepository();
  const sha = (await git(dir, 'rev-parse', 'HEAD')).stdout.trim();
  const result = await checkRepository(config(dir));
  assert.equal(result.status, 'pass', result.fix);
  assert.match(result.detail, new RegExp(`origin \\(.*origin\\.git\\) reachable, main at ${sha.slice(0, 7)}$`));
  assert.equal((await checkWorkingTree(config(dir))).status, 'pass');
});

test('a dirty working tree is reported with the changed files and what to do', async () => {
  const { dir } = await appRepository();
  writeFileSync(join(dir, 'server.js'), 'console.log("hotfix")\n');
  writeFileSync(join(dir, 'notes.txt'), 'scratch\n');
  const result = await checkWorkingTree(config(dir));
  assert.equal(result.status, 'fail');
  assert.match(result.detail, /has 2 uncommitted changes: (server\.js, notes\.txt|notes\.txt, server\.js)$/);
  assert.match(result.fix ?? '', /commit or discard them .* troupe will not deploy over local changes/);
});

test('an unreachable remote, a missing branch and a missing remote each say what to fix', async () => {
  const { dir } = await appRepository();
  const branch = await checkRepository(config(dir, { branch: 'release' }));
  assert.equal(branch.status, 'fail');
  assert.match(branch.detail, /has no branch release$/);
  assert.match(branch.fix ?? '', /set app\.branch/);
  const remote = await checkRepository(config(dir, { remote: 'upstream' }));
  assert.match(remote.detail, /has no remote upstream$/);
  assert.match(remote.fix ?? '', /remote add upstream URL/);
  await git(dir, 'remote', 'set-url', 'origin', join(dir, 'gone.git'));
  const gone = await checkRepository(config(dir));
  assert.equal(gone.status, 'fail');
  assert.match(gone.detail, /^cannot reach origin \(.*gone\.git\): /);
  assert.match(gone.fix ?? '', /git -C .* ls-remote origin/);
});

test('a missing directory, a plain directory and no app at all are told apart', async () => {
  const missing = await checkRepository(config('/nonexistent/troupe-app'));
  assert.equal(missing.status, 'fail');
  assert.match(missing.detail, /does not exist$/);
  assert.match(missing.fix ?? '', /git clone URL \/nonexistent\/troupe-app$/);
  const plain = mkdtempSync(join(tmpdir(), 'troupe-doctor-plain-'));
  const notRepo = await checkRepository(config(plain));
  assert.equal(notRepo.status, 'fail');
  assert.match(notRepo.detail, /is not a git repository/);
  const { app: _app, ...withoutApp } = config(plain);
  const none = await checkRepository(withoutApp);
  assert.equal(none.status, 'skip');
  assert.match(none.detail, /no app section in \/etc\/troupe\/agent\.yaml/);
});

test('credentials in the remote URL are not printed', async () => {
  const { dir } = await appRepository();
  await git(dir, 'remote', 'set-url', 'origin', 'https://deploy:s3cret@127.0.0.1:9/app.git');
  const result = await checkRepository(config(dir));
  assert.equal(result.status, 'fail');
  assert.doesNotMatch(JSON.stringify(result), /s3cret/);
  assert.match(result.detail, /https:\/\/…@127\.0\.0\.1:9\/app\.git/);
});
