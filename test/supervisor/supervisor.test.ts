import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { execa } from 'execa';
import { root as repoRoot } from '../helpers/cli.js';
import { tempDir, waitFor } from '../helpers/origin.js';

const child = new URL('./fixtures/exit-sequence.mjs', import.meta.url).pathname;

function supervise(args: string[], env: Record<string, string>) {
  return execa(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'supervise', ...args, '--', process.execPath, child], {
    cwd: repoRoot,
    reject: false,
    env,
  });
}

async function lines(file: string): Promise<string[]> {
  return (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean);
}

describe('troupe supervise (real processes)', () => {
  let root: { dir: string; cleanup: () => Promise<void> };
  before(async () => {
    root = await tempDir();
  });
  after(() => root.cleanup());

  it('restarts at once on 75, after a doubling back-off on crashes, and stops on exit 0', async () => {
    const log = join(root.dir, 'sequence.log');
    const result = await supervise(['--backoff-ms', '50'], { CHILD_LOG: log, EXITS: '75,3,3,75,2,0' });
    assert.equal(result.exitCode, 0);
    assert.deepEqual(await lines(log), ['start 0', 'start 1', 'start 2', 'start 3', 'start 4', 'start 5']);
    const said = result.stderr.split('\n').filter((line) => line.startsWith('troupe supervise:'));
    assert.deepEqual(said, [
      'troupe supervise: the child asked for a restart (exit code 75); starting it again',
      'troupe supervise: the child crashed (exit code 3); starting it again in 50 ms',
      'troupe supervise: the child crashed (exit code 3); starting it again in 100 ms',
      'troupe supervise: the child asked for a restart (exit code 75); starting it again',
      // A restart asked for with 75 is not a crash: the back-off starts over.
      'troupe supervise: the child crashed (exit code 2); starting it again in 50 ms',
    ]);
  });

  it('honours --restart-code', async () => {
    const log = join(root.dir, 'code.log');
    const result = await supervise(['--restart-code', '42', '--backoff-ms', '50'], { CHILD_LOG: log, EXITS: '42,0' });
    assert.equal(result.exitCode, 0);
    assert.match(result.stderr, /asked for a restart \(exit code 42\)/);
    assert.equal((await lines(log)).length, 2);
  });

  it('forwards SIGTERM to the child and exits without restarting it', async () => {
    const log = join(root.dir, 'term.log');
    const running = supervise([], { CHILD_LOG: log, EXITS: 'wait' });
    await waitFor('the child to start', async () => (await lines(log)).includes('start 0'));
    running.kill('SIGTERM');
    const result = await running;
    assert.equal(result.exitCode, 0);
    assert.deepEqual(await lines(log), ['start 0', 'sigterm']);
  });

  it('a SIGTERM during the back-off ends it without starting the child again', async () => {
    const log = join(root.dir, 'backoff-term.log');
    const running = supervise(['--backoff-ms', '60000', '--max-backoff-ms', '60000'], { CHILD_LOG: log, EXITS: '3,0' });
    let said = '';
    running.stderr?.on('data', (chunk: Buffer) => (said += chunk.toString()));
    await waitFor('the back-off', () => said.includes('starting it again in'));
    running.kill('SIGTERM');
    const result = await running;
    assert.match(result.stderr, /crashed \(exit code 3\); starting it again in 60000 ms/);
    assert.deepEqual(await lines(log), ['start 0']);
  });

  it('refuses to run without a program', async () => {
    const result = await execa(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'supervise'], { cwd: repoRoot, reject: false });
    assert.equal(result.exitCode, 2);
    assert.match(result.stderr, /Name the program to supervise after --/);
  });
});
