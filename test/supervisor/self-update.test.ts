import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { execa, type ResultPromise } from 'execa';
import { simpleGit } from 'simple-git';
import { finalPhases, readJournal, type Journal, type UpdateConfig } from '../../src/agent/executor/index.js';
import type { SampleOrigin, SampleVersion } from '../../src/demo/sample-app.js';
import { root as repoRoot } from '../helpers/cli.js';
import { sampleConfig, sampleHost, sampleOrigin, serviceVersion, tempDir, waitFor, type SampleHost } from '../helpers/origin.js';

const agent = new URL('./fixtures/self-host.ts', import.meta.url).pathname;

/** A self-updating host on v1 running under `troupe supervise` with the guard on its journal. */
const supervisors: ResultPromise[] = [];

async function supervisedHost(
  root: string,
  origin: SampleOrigin,
  name: string,
  overrides: Partial<UpdateConfig> = {},
  env: Record<string, string> = {},
) {
  const host = await sampleHost(root, origin, name);
  const config = sampleConfig(host, { restart: { kind: 'exit' }, healthDeadlineMs: 20_000, ...overrides });
  const requestFile = join(host.stateDir, 'request.json');
  const supervisor = execa(
    process.execPath,
    ['--import', 'tsx', 'src/cli.ts', 'supervise', '--journal', config.journalPath, '--backoff-ms', '50', '--guard-interval-ms', '100',
      '--', process.execPath, '--import', 'tsx', agent],
    { cwd: repoRoot, reject: false, env: { ...config.env, ...env, UPDATE_CONFIG: JSON.stringify(config), REQUEST_FILE: requestFile } },
  );
  supervisors.push(supervisor);
  await waitFor('v1 to answer', () => serviceVersion(host.port));
  return { host, config, supervisor, deploy: (ref: SampleVersion) => writeFile(requestFile, JSON.stringify({ ref })) };
}

async function finished(config: UpdateConfig): Promise<Journal> {
  return waitFor('the update to finish', async () => {
    const journal = await readJournal(config.journalPath).catch(() => null);
    return journal && finalPhases.includes(journal.phase) ? journal : null;
  }, 60_000);
}

async function head(host: SampleHost): Promise<string> {
  return (await simpleGit(host.repoDir).raw(['rev-parse', 'HEAD'])).trim();
}

describe('self-update under the supervisor (real processes)', () => {
  let root: { dir: string; cleanup: () => Promise<void> };
  let origin: SampleOrigin;
  before(async () => {
    root = await tempDir();
    origin = await sampleOrigin(root.dir);
  });
  afterEach(async () => {
    for (const supervisor of supervisors.splice(0)) {
      supervisor.kill('SIGTERM');
      await supervisor;
    }
  });
  after(() => root.cleanup());

  it('v1 → v2: the agent exits 75, the new code resumes from the journal, proves healthy, done', async () => {
    const { host, config, supervisor, deploy } = await supervisedHost(root.dir, origin, 'self-happy');
    await deploy('v2');
    const journal = await finished(config);
    assert.equal(journal.phase, 'done');
    assert.deepEqual(journal.history.map((event) => event.phase).slice(-4), ['restarting', 'checking', 'soaking', 'done']);
    assert.deepEqual({ ...(await serviceVersion(host.port)), pid: 0 }, { version: 'v2', built: 'v2', pid: 0 });
    assert.equal(await head(host), origin.shas.v2);
    supervisor.kill('SIGTERM');
    const result = await supervisor;
    assert.match(result.stderr, /the child asked for a restart \(exit code 75\)/);
  });

  it('v4 (crashes at start-up): the guard, not the new code, takes the host back to v1 (I4)', async () => {
    const { host, config, supervisor, deploy } = await supervisedHost(root.dir, origin, 'self-crash');
    await deploy('v4');
    const journal = await finished(config);
    assert.equal(journal.phase, 'reverted');
    assert.match(journal.reason ?? '', /crash loop: .+ exited 3 times after the restart \(last: exit code 1\)/);
    assert.match(journal.logTail ?? '', /v4 cannot start: the configuration it needs is missing/);
    const phases = journal.history.map((event) => event.phase);
    assert.deepEqual(phases.slice(-4), ['guard-reverting', 'revert-restarting', 'revert-checking', 'reverted']);
    assert.ok(!phases.includes('checking'), 'v4 never got as far as its own health check');
    assert.deepEqual({ ...(await serviceVersion(host.port)), pid: 0 }, { version: 'v1', built: 'v1', pid: 0 });
    assert.equal(await head(host), origin.shas.v1);
    supervisor.kill('SIGTERM');
    assert.match((await supervisor).stderr, /guard: crash loop/);
  });

  it('v3 (unhealthy): the new code reverts itself and exits 75; the old code confirms it is healthy', async () => {
    const { host, config, deploy } = await supervisedHost(root.dir, origin, 'self-unhealthy', { healthDeadlineMs: 6000 });
    await deploy('v3');
    const journal = await finished(config);
    assert.equal(journal.phase, 'reverted');
    assert.match(journal.reason ?? '', /health check failed/);
    assert.deepEqual(journal.history.map((event) => event.phase).slice(-5), ['checking', 'reverting', 'revert-restarting', 'revert-checking', 'reverted']);
    assert.equal((await serviceVersion(host.port))?.version, 'v1');
    assert.equal(await head(host), origin.shas.v1);
  });

  it('a new agent that hangs at start-up is stopped and reverted by the guard at the deadline (I4)', async () => {
    const { host, config, supervisor, deploy } = await supervisedHost(root.dir, origin, 'self-hang', { healthDeadlineMs: 4000 }, { HANG_VERSION: 'v2' });
    await deploy('v2');
    const journal = await finished(config);
    assert.equal(journal.phase, 'reverted');
    assert.match(journal.reason ?? '', /did not start by the health deadline/);
    assert.deepEqual(journal.history.map((event) => event.phase).slice(-5), ['restarting', 'guard-reverting', 'revert-restarting', 'revert-checking', 'reverted']);
    assert.equal((await serviceVersion(host.port))?.version, 'v1');
    assert.equal(await head(host), origin.shas.v1);
    supervisor.kill('SIGTERM');
    assert.match((await supervisor).stderr, /guard: .+ did not start by the health deadline/);
  });
});
