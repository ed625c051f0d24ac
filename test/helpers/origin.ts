import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { simpleGit } from 'simple-git';
import type { UpdateConfig } from '../../src/agent/executor/index.js';
import { createSampleOrigin, type SampleOrigin, type SampleVersion } from '../../src/demo/sample-app.js';
import { freePort } from '../../src/demo/demo-host.js';

/** A TCP port that was free a moment ago (the demo's own helper). */
export { freePort };

/** A temporary directory, removed by the returned cleanup. */
export async function tempDir(prefix = 'troupe-test-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A sample origin in its own temporary directory. */
export async function sampleOrigin(root: string): Promise<SampleOrigin> {
  return createSampleOrigin(join(root, 'origin.git'));
}

/** Clones the origin into `dir` and checks out `version` detached, built (`node build.js`). */
export async function cloneHost(origin: SampleOrigin, dir: string, version: SampleVersion = 'v1'): Promise<string> {
  await simpleGit().raw(['clone', '--quiet', origin.originDir, dir]);
  const git = simpleGit({ baseDir: dir, config: ['user.name=troupe test', 'user.email=test@troupe.invalid'] });
  await git.raw(['checkout', '--quiet', '--detach', version]);
  await execa(process.execPath, ['build.js'], { cwd: dir });
  return dir;
}


/** A host of the sample app: its working tree, its state directory and its port. */
export interface SampleHost {
  readonly repoDir: string;
  readonly stateDir: string;
  readonly port: number;
  readonly pidFile: string;
  readonly stepLog: string;
}

export async function sampleHost(root: string, origin: SampleOrigin, name: string, version: SampleVersion = 'v1'): Promise<SampleHost> {
  const repoDir = await cloneHost(origin, join(root, name), version);
  const stateDir = join(root, `${name}-state`);
  await mkdir(stateDir, { recursive: true });
  return { repoDir, stateDir, port: await freePort(), pidFile: join(stateDir, 'app.pid'), stepLog: join(stateDir, 'steps.log') };
}

/** The executor configuration of a sample host; managed-service mode unless `restart` says otherwise. */
export function sampleConfig(host: SampleHost, overrides: Partial<UpdateConfig> = {}): UpdateConfig {
  return {
    repoDir: host.repoDir,
    remote: 'origin',
    branch: 'main',
    journalPath: join(host.stateDir, 'journal.json'),
    build: [{ argv: [process.execPath, 'build.js'], timeoutMs: 20_000 }],
    restart: { kind: 'command', argv: [process.execPath, 'restart.js'], timeoutMs: 20_000 },
    health: { kind: 'http', url: `http://127.0.0.1:${host.port}/health`, timeoutMs: 1000 },
    healthDeadlineMs: 8000,
    healthIntervalMs: 100,
    soakMs: 300,
    maxBootAttempts: 3,
    env: {
      PORT: String(host.port),
      SAMPLE_PIDFILE: host.pidFile,
      SAMPLE_LOG: join(host.stateDir, 'app.log'),
      STEP_LOG: host.stepLog,
    },
    ...overrides,
  };
}

/** What the service on `port` says at GET /version, or null when nothing answers. */
export async function serviceVersion(port: number): Promise<{ version: string; built: string | null; pid: number } | null> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/version`, { signal: AbortSignal.timeout(1000) });
    return (await response.json()) as { version: string; built: string | null; pid: number };
  } catch {
    return null;
  }
}

/** Stops the managed service whose pid is in `pidFile` (if any). */
export async function stopService(pidFile: string): Promise<void> {
  const pid = Number(await readFile(pidFile, 'utf8').catch(() => '0'));
  if (!pid) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** Polls `check` every 50 ms until it returns a truthy value; fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T> | T, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The lines of the sample app's step log (build and restart markers). */
export async function stepLines(host: SampleHost): Promise<string[]> {
  const text = await readFile(host.stepLog, 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean);
}
