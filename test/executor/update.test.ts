import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, afterEach, before, describe, it } from 'node:test';
import { execa } from 'execa';
import { simpleGit } from 'simple-git';
import { beginUpdate, prepareUpdate, readJournal, runUpdate, updateLogPath, type UpdateConfig } from '../../src/agent/executor/index.js';
import type { SampleOrigin } from '../../src/demo/sample-app.js';
import { sampleConfig, sampleHost, sampleOrigin, serviceVersion, stepLines, stopService, tempDir, waitFor, type SampleHost } from '../helpers/origin.js';

describe('runUpdate on a managed service (real git, real processes)', () => {
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

  /** A host on v1 with its service running. */
  async function runningHost(name: string): Promise<{ host: SampleHost; config: UpdateConfig }> {
    const host = await sampleHost(root.dir, origin, name);
    const config = sampleConfig(host);
    started.push(host);
    await execa(process.execPath, ['restart.js'], { cwd: host.repoDir, env: config.env });
    await waitFor('v1 to answer', () => serviceVersion(host.port));
    return { host, config };
  }

  async function update(config: UpdateConfig, ref: string) {
    const prepared = await prepareUpdate(config, ref);
    const journal = await beginUpdate(config, prepared, { rollout: '1700000000.000100', token: '1700000001.000200' });
    return runUpdate(journal);
  }

  it('updates v1 to v2: the service really answers the new, built version', async () => {
    const { host, config } = await runningHost('happy');
    const result = await update(config, 'v2');
    assert.equal(result.outcome, 'done');
    assert.deepEqual(
      result.journal.history.map((event) => event.phase),
      ['claimed', 'switching', 'building', 'restarting', 'checking', 'soaking', 'done'],
    );
    const answer = await serviceVersion(host.port);
    assert.equal(answer?.version, 'v2');
    assert.equal(answer?.built, 'v2');
    assert.equal((await simpleGit(host.repoDir).raw(['rev-parse', 'HEAD'])).trim(), origin.shas.v2);
    assert.equal((await readJournal(config.journalPath))?.phase, 'done');
  });

  it('reverts v3 (fails its health check) to v1 with the reason and the tail', async () => {
    const { host, config } = await runningHost('unhealthy');
    const result = await update({ ...config, healthDeadlineMs: 1500 }, 'v3');
    assert.equal(result.outcome, 'reverted');
    assert.ok(result.outcome === 'reverted');
    assert.match(result.reason, /health check failed: not healthy by the deadline/);
    assert.match(result.logTail, /answered 500: unhealthy: cannot reach the database/);
    const answer = await serviceVersion(host.port);
    assert.equal(answer?.version, 'v1');
    assert.equal(answer?.built, 'v1');
    assert.equal((await simpleGit(host.repoDir).raw(['rev-parse', 'HEAD'])).trim(), origin.shas.v1);
    assert.deepEqual(await simpleGit(host.repoDir).raw(['status', '--porcelain']), '');
  });

  it('reverts a failed build: v2 never starts, v1 is rebuilt and restarted, the output is kept', async () => {
    const { host, config } = await runningHost('build-fails');
    const before = await serviceVersion(host.port);
    const result = await update({ ...config, env: { ...config.env, BUILD_FAIL_VERSION: 'v2' } }, 'v2');
    assert.ok(result.outcome === 'reverted');
    assert.match(result.reason, /build step `.+ build\.js` failed: exit code 1/);
    assert.match(result.logTail, /compiler error in server\.js/);
    assert.deepEqual(await stepLines(host), ['restart v1', 'build v1', 'restart v1']);
    assert.match(await readFile(updateLogPath(config.journalPath), 'utf8'), /build of v2 failed: compiler error/);
    const answer = await serviceVersion(host.port);
    assert.equal(answer?.version, 'v1');
    assert.notEqual(answer?.pid, before?.pid);
  });
});
