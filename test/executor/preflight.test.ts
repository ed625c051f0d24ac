import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { simpleGit } from 'simple-git';
import {
  DirtyTreeError,
  LocalCommitsError,
  NotOnBranchError,
  UnknownRevisionError,
  prepareUpdate,
} from '../../src/agent/executor/index.js';
import type { SampleOrigin } from '../../src/demo/sample-app.js';
import { sampleConfig, sampleHost, sampleOrigin, tempDir } from '../helpers/origin.js';

describe('prepareUpdate (preflight, outside the lock)', () => {
  let root: { dir: string; cleanup: () => Promise<void> };
  let origin: SampleOrigin;

  before(async () => {
    root = await tempDir();
    origin = await sampleOrigin(root.dir);
  });
  after(() => root.cleanup());

  it('resolves a tag, a sha and the branch name to one commit on the allowed branch', async () => {
    const host = await sampleHost(root.dir, origin, 'resolve');
    const config = sampleConfig(host);
    assert.deepEqual(await prepareUpdate(config, 'v2'), { fromSha: origin.shas.v1, toSha: origin.shas.v2, upToDate: false });
    assert.equal((await prepareUpdate(config, origin.shas.v3.slice(0, 10))).toSha, origin.shas.v3);
    assert.equal((await prepareUpdate(config, 'main')).toSha, origin.shas.v4);
    assert.equal((await prepareUpdate(config, 'v1')).upToDate, true);
  });

  it('refuses a dirty working tree and says what to do', async () => {
    const host = await sampleHost(root.dir, origin, 'dirty');
    await writeFile(join(host.repoDir, 'server.js'), '// edited by hand on the host\n');
    await assert.rejects(prepareUpdate(sampleConfig(host), 'v2'), (error: unknown) => {
      assert.ok(error instanceof DirtyTreeError);
      assert.match(error.message, /uncommitted changes \(server\.js\)/);
      assert.match(error.message, /stash --include-untracked/);
      return true;
    });
  });

  it('refuses local commits that the remote branch does not have', async () => {
    const host = await sampleHost(root.dir, origin, 'local-commit');
    const git = simpleGit({ baseDir: host.repoDir, config: ['user.name=t', 'user.email=t@troupe.invalid'] });
    await writeFile(join(host.repoDir, 'NOTES.md'), 'a local fix\n');
    await git.raw(['add', 'NOTES.md']);
    await git.raw(['commit', '--quiet', '-m', 'local fix']);
    await assert.rejects(prepareUpdate(sampleConfig(host), 'v2'), (error: unknown) => {
      assert.ok(error instanceof LocalCommitsError);
      assert.match(error.message, /push origin HEAD:main/);
      return true;
    });
  });

  it('refuses an unknown ref or sha', async () => {
    const host = await sampleHost(root.dir, origin, 'unknown');
    for (const ref of ['no-such-ref', 'deadbeef'.repeat(5), '--upload-pack=evil']) {
      await assert.rejects(prepareUpdate(sampleConfig(host), ref), UnknownRevisionError, ref);
    }
  });

  it('refuses a commit that is not on the allowed branch', async () => {
    const host = await sampleHost(root.dir, origin, 'off-branch');
    for (const ref of ['off-main', origin.offBranchSha, 'experiment']) {
      await assert.rejects(prepareUpdate(sampleConfig(host), ref), (error: unknown) => {
        assert.ok(error instanceof NotOnBranchError, ref);
        assert.match(error.message, /is not on origin\/main/);
        return true;
      });
    }
  });
});
