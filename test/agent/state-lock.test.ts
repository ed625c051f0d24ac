import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { execa } from 'execa';
import { lockStateDir, StateDirInUseError } from '../../src/agent/state-lock.js';
import { startLocalSlack } from '../../src/emulator/index.js';
import { troupe } from '../helpers/cli.js';

async function until(what: string, probe: () => boolean, timeoutMs = 30_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !probe(); await new Promise((resolve) => setTimeout(resolve, 100))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
  }
}

test('two agents on one state directory: the second exits naming the first; after a SIGKILL a restart runs', async () => {
  const slack = await startLocalSlack({ rateLimits: 'off' });
  const dir = mkdtempSync(join(tmpdir(), 'troupe-state-lock-test-'));
  const config = join(dir, 'agent.yaml');
  writeFileSync(config, [`channel: ${slack.channel}`, 'host: web-1', `operators: [${slack.users.alice}]`, `stateDir: ${join(dir, 'state')}`,
    'slack:', '  minPollMs: 200', '  socket: false', ''].join('\n'));
  const env = { SLACK_BOT_TOKEN: slack.botToken, SLACK_API_URL: slack.apiUrl };
  const start = () => {
    const child = troupe(['agent', '--config', config], { env, all: true });
    const out = { text: '' };
    child.all?.on('data', (chunk: Buffer) => (out.text += chunk.toString()));
    return { child, out };
  };
  const first = start();
  try {
    await until('the first agent to serve', () => / serving /.test(first.out.text));
    const second = await troupe(['agent', '--config', config], { env });
    assert.equal(second.exitCode, 1);
    assert.match(String(second.stderr), new RegExp(`another troupe agent \\(pid ${first.child.pid}, host web-1\\) is running on the state directory .*stop it first`));
    assert.doesNotMatch(String(second.stderr), / serving /);

    first.child.kill('SIGKILL');
    await first.child;
    const restarted = start();
    await until('the restarted agent to serve', () => / serving /.test(restarted.out.text));
    restarted.child.kill('SIGTERM');
    const result = await restarted.child;
    assert.equal(result.exitCode, 0);
    assert.equal(existsSync(join(dir, 'state', 'agent.pid')), false, 'a clean stop removes the lock');
  } finally {
    first.child.kill('SIGKILL');
    await slack.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('in one process: the lock is refused while held, and free again after its release', () => {
  const dir = mkdtempSync(join(tmpdir(), 'troupe-state-lock-unit-'));
  try {
    const release = lockStateDir(dir, 'web-1');
    assert.throws(() => lockStateDir(dir, 'web-1'), (error: unknown) => error instanceof StateDirInUseError && error.message.includes(`pid ${process.pid}`));
    release();
    const again = lockStateDir(dir, 'web-1');
    again();
    assert.equal(existsSync(join(dir, 'agent.pid')), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a lock left by a process that is gone is taken over', () => {
  const dir = mkdtempSync(join(tmpdir(), 'troupe-state-lock-stale-'));
  try {
    // Pid 2^22 + 1 is above Linux's pid_max limit: no process has it.
    writeFileSync(join(dir, 'agent.pid'), `${JSON.stringify({ pid: 4_194_305, host: 'web-1' })}\n`);
    const release = lockStateDir(dir, 'web-1');
    release();
    assert.equal(existsSync(join(dir, 'agent.pid')), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a lock whose process was killed but not yet reaped (a zombie) is taken over', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'troupe-state-lock-zombie-'));
  // The background `sleep 0` ends at once; its parent becomes `sleep 10`, which never reaps it.
  const parent = execa('sh', ['-c', 'sleep 0 & echo $!; exec sleep 10']);
  try {
    const pid = await new Promise<number>((resolve) => parent.stdout?.once('data', (chunk: Buffer) => resolve(Number(String(chunk).trim()))));
    await until('the zombie', () => /\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8')), 5000);
    writeFileSync(join(dir, 'agent.pid'), `${JSON.stringify({ pid, host: 'web-1' })}\n`);
    const release = lockStateDir(dir, 'web-1');
    assert.equal(JSON.parse(readFileSync(join(dir, 'agent.pid'), 'utf8')).pid, process.pid);
    release();
  } finally {
    parent.kill('SIGKILL');
    await parent.catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
});
