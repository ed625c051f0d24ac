import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { after, afterEach, before, describe, it } from 'node:test';
import { execa } from 'execa';
import { simpleGit } from 'simple-git';
import { readJournal, type Journal, type Phase, type UpdateConfig } from '../../src/agent/executor/index.js';
import type { SampleOrigin } from '../../src/demo/sample-app.js';
import { root as repoRoot } from '../helpers/cli.js';
import { sampleConfig, sampleHost, sampleOrigin, serviceVersion, stepLines, stopService, tempDir, waitFor, type SampleHost } from '../helpers/origin.js';

const fixture = new URL('./fixtures/run-update.ts', import.meta.url).pathname;

/** Runs the executor in its own process (begin with `ref`, or resume without). */
function executor(config: UpdateConfig, ref: string | null, env: Record<string, string> = {}) {
  return execa(process.execPath, ['--import', 'tsx', fixture], {
    cwd: repoRoot,
    reject: false,
    env: { UPDATE_CONFIG: JSON.stringify(config), ...(ref ? { UPDATE_REF: ref } : {}), ...env },
  });
}

/** Running, and not a zombie waiting for init to reap it (a killed orphan is one for a moment). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = (() => {
    try {
      return readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      return null;
    }
  })();
  return stat !== null && !/^\d+ \(.*\) Z/.test(stat);
}

function entered(journal: Journal, phase: Phase): number {
  return journal.history.filter((event) => event.phase === phase).length;
}

describe('resume after SIGKILL of the executing process', () => {
  let root: { dir: string; cleanup: () => Promise<void> };
  let origin: SampleOrigin;
  const started: SampleHost[] = [];

  before(async () => {
    root = await tempDir();
    origin = await sampleOrigin(root.dir);
  });
  afterEach(async () => {
    for (const host of started.splice(0)) await stopService(host.pidFile);
  });
  after(() => root.cleanup());

  async function runningHost(name: string): Promise<{ host: SampleHost; config: UpdateConfig }> {
    const host = await sampleHost(root.dir, origin, name);
    const config = sampleConfig(host);
    started.push(host);
    await execa(process.execPath, ['restart.js'], { cwd: host.repoDir, env: config.env });
    await waitFor('v1 to answer', () => serviceVersion(host.port));
    return { host, config };
  }

  /** Starts an update, waits until `phase` runs its command, and SIGKILLs the executor there. */
  /** Returns the pid of the step that was running (left behind by the killed executor). */
  async function killDuring(config: UpdateConfig, phase: Phase, env: Record<string, string>): Promise<number> {
    const first = executor(config, 'v2', env);
    const leftover = await waitFor(`the executor to run its ${phase} command`, async () => {
      const journal = await readJournal(config.journalPath).catch(() => null);
      return journal?.phase === phase ? journal.stepPid : null;
    });
    first.kill('SIGKILL');
    const ended = await first;
    assert.equal(ended.signal, 'SIGKILL');
    assert.ok(alive(leftover), 'the step outlives the killed executor');
    return leftover;
  }

  async function assertOnV2(host: SampleHost, config: UpdateConfig): Promise<Journal> {
    const resumed = await executor(config, null);
    assert.deepEqual(JSON.parse(resumed.stdout), { outcome: 'done' }, resumed.stderr);
    const answer = await serviceVersion(host.port);
    assert.equal(answer?.version, 'v2');
    assert.equal(answer?.built, 'v2');
    assert.equal((await simpleGit(host.repoDir).raw(['rev-parse', 'HEAD'])).trim(), origin.shas.v2);
    assert.equal(await simpleGit(host.repoDir).raw(['status', '--porcelain']), '');
    const journal = await readJournal(config.journalPath);
    assert.ok(journal);
    return journal;
  }

  it('killed mid-build: the resume redoes only the build, then finishes on v2', async () => {
    const { host, config } = await runningHost('mid-build');
    const leftover = await killDuring(config, 'building', { BUILD_DELAY_MS: '60000' });
    const journal = await assertOnV2(host, config);
    assert.equal(alive(leftover), false, 'the resumed executor stopped the leftover build');
    assert.equal(entered(journal, 'switching'), 1);
    assert.equal(entered(journal, 'building'), 1);
    // The killed build never finished (its leftover process was stopped); the resumed one did.
    assert.deepEqual(await stepLines(host), ['restart v1', 'build v2', 'restart v2']);
  });

  it('killed mid-restart: the resume does not rebuild, restarts once more, and one service runs', async () => {
    const { host, config } = await runningHost('mid-restart');
    const leftover = await killDuring(config, 'restarting', { RESTART_DELAY_MS: '60000' });
    const journal = await assertOnV2(host, config);
    assert.equal(alive(leftover), false, 'the resumed executor stopped the leftover restart');
    assert.equal(entered(journal, 'building'), 1);
    assert.equal(entered(journal, 'restarting'), 1);
    assert.deepEqual(await stepLines(host), ['restart v1', 'build v2', 'restart v2']);
    const answer = await serviceVersion(host.port);
    assert.equal(Number(await readFile(host.pidFile, 'utf8')), answer?.pid);
  });
});
