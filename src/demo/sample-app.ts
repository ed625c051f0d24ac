import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { buildSource } from './sample-app/build-source.js';
import { restartSource } from './sample-app/restart-source.js';
import { serverSource, type VersionBehaviour } from './sample-app/server-source.js';

/** The tagged versions of the sample service, in commit order on `main`. */
export const sampleVersions = {
  v1: { version: 'v1', healthy: true, crashesAtStart: false },
  v2: { version: 'v2', healthy: true, crashesAtStart: false },
  v3: { version: 'v3', healthy: false, crashesAtStart: false },
  v4: { version: 'v4', healthy: true, crashesAtStart: true },
} as const satisfies Record<string, VersionBehaviour>;

export type SampleVersion = keyof typeof sampleVersions;

/** A bare origin of the sample service. */
export interface SampleOrigin {
  /** The bare repository (usable as a clone URL). */
  readonly originDir: string;
  readonly branch: 'main';
  /** The commit of each tag v1…v4 (all on main). */
  readonly shas: Readonly<Record<SampleVersion, string>>;
  /** A commit on branch `experiment`, not reachable from main (tag `off-main`). */
  readonly offBranchSha: string;
}

/** The files of one version; the build step is `node build.js`, the restart `node restart.js`. */
export function sampleAppFiles(behaviour: VersionBehaviour): Record<string, string> {
  return {
    'package.json': `${JSON.stringify({ name: 'sample-app', private: true, type: 'module', scripts: { build: 'node build.js', start: 'node server.js' } }, null, 2)}\n`,
    '.gitignore': 'build/\n.run/\n',
    'server.js': serverSource(behaviour),
    'build.js': buildSource(behaviour.version),
    'restart.js': restartSource(behaviour.version),
    'README.md': `# sample app ${behaviour.version}\n\nA small service that troupe deploys in its demo and tests.\n`,
  };
}

function gitIn(dir: string): SimpleGit {
  return simpleGit({
    baseDir: dir,
    config: ['user.name=troupe demo', 'user.email=demo@troupe.invalid', 'commit.gpgsign=false', 'tag.gpgsign=false'],
  });
}

async function commitVersion(git: SimpleGit, dir: string, behaviour: VersionBehaviour, message: string): Promise<string> {
  for (const [name, text] of Object.entries(sampleAppFiles(behaviour))) await writeFile(join(dir, name), text);
  await git.raw(['add', '--all']);
  await git.raw(['commit', '--quiet', '-m', message]);
  return (await git.raw(['rev-parse', 'HEAD'])).trim();
}

/**
 * Creates a bare origin repository at `originDir` (which must not exist or be empty) with the
 * sample service: v1 and v2 good, v3 failing its health check, v4 crashing at start-up, tagged
 * on `main`, and one commit on another branch.
 */
export async function createSampleOrigin(originDir: string): Promise<SampleOrigin> {
  const work = await mkdtemp(join(tmpdir(), 'troupe-sample-'));
  try {
    const git = gitIn(work);
    await git.raw(['init', '--quiet', '--initial-branch=main']);
    const shas = {} as Record<SampleVersion, string>;
    for (const name of Object.keys(sampleVersions) as SampleVersion[]) {
      shas[name] = await commitVersion(git, work, sampleVersions[name], `sample app ${name}`);
      await git.raw(['tag', name]);
    }
    await git.raw(['checkout', '--quiet', '-b', 'experiment', 'v2']);
    const offBranchSha = await commitVersion(git, work, { version: 'v2-experiment', healthy: true, crashesAtStart: false }, 'an experiment not merged into main');
    await git.raw(['tag', 'off-main']);
    await git.raw(['checkout', '--quiet', 'main']);
    await mkdir(originDir, { recursive: true });
    await gitIn(originDir).raw(['clone', '--quiet', '--bare', '--no-local', work, originDir]);
    return { originDir, branch: 'main', shas, offBranchSha };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
