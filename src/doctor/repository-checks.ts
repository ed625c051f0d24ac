import { stat } from 'node:fs/promises';
import { simpleGit, type SimpleGit } from 'simple-git';
import { fail, pass, skip, type CheckResult } from './check.js';
import type { DoctorConfig } from './doctor-config.js';

/** Opens a repository for the checks; a port so that tests can point it anywhere. */
export type GitFor = (dir: string) => SimpleGit;

/**
 * git that never waits for a person: no password prompts, no host-key questions, a time limit.
 * The host's own GIT_* settings (a CA bundle, an ssh command) pass through, as they do for the agent.
 */
export const gitFor: GitFor = (dir) => {
  // No editor or pager: doctor runs no git command that opens one, and simple-git refuses an
  // environment that names one (npm sets EDITOR for every script it runs).
  const { EDITOR: _editor, VISUAL: _visual, GIT_EDITOR: _gitEditor, PAGER: _pager, ...inherited } = process.env;
  const env = {
    ...inherited,
    GIT_TERMINAL_PROMPT: '0',
    GIT_SSH_COMMAND: process.env.GIT_SSH_COMMAND ?? 'ssh -o BatchMode=yes',
  };
  return simpleGit({
    baseDir: dir,
    timeout: { block: 20_000 },
    allowEnvironment: Object.keys(env).filter((name) => name.toUpperCase().startsWith('GIT_')),
    unsafe: { allowUnsafeSshCommand: true },
  }).env(env);
};

type App = NonNullable<DoctorConfig['app']>;

/** The app's working tree is a repository whose remote answers and has the configured branch. */
export async function checkRepository(config: DoctorConfig, git: GitFor = gitFor): Promise<CheckResult> {
  const app = config.app;
  if (!app) return skip('repository', `no app section in ${config.file}, so nothing to deploy (remote commands only)`);
  const missing = await missingDir(app.dir);
  if (missing) return fail('repository', missing, `clone the app as the agent's user: sudo -u troupe git clone URL ${app.dir}`);
  const repo = git(app.dir);
  try {
    await repo.revparse(['--show-toplevel']);
  } catch (error) {
    return notARepository(app, firstLine(error));
  }
  let url: string;
  try {
    url = hideCredentials((await repo.remote(['get-url', app.remote])) || '');
  } catch {
    return fail('repository', `${app.dir} has no remote ${app.remote}`, `git -C ${app.dir} remote add ${app.remote} URL (or set app.remote)`);
  }
  return reachRemote(repo, app, url.trim());
}

async function reachRemote(repo: SimpleGit, app: App, url: string): Promise<CheckResult> {
  let heads: string;
  try {
    heads = await repo.listRemote(['--heads', app.remote, `refs/heads/${app.branch}`]);
  } catch (error) {
    return fail(
      'repository',
      `cannot reach ${app.remote} (${url}): ${firstLine(error)}`,
      `as the agent's user, make \`git -C ${app.dir} ls-remote ${app.remote}\` work: a deploy key in ~troupe/.ssh, the host in known_hosts (ssh-keyscan), or a reachable URL`,
    );
  }
  const sha = heads.trim().split(/\s+/)[0];
  if (!sha) {
    return fail('repository', `${app.remote} (${url}) has no branch ${app.branch}`, `push ${app.branch} to ${app.remote}, or set app.branch to the branch you deploy from`);
  }
  return pass('repository', `${app.dir}: ${app.remote} (${url}) reachable, ${app.branch} at ${sha.slice(0, 7)}`);
}

function notARepository(app: App, reason: string): CheckResult {
  if (/dubious ownership/.test(reason)) {
    return fail('repository', `${app.dir} belongs to another user than the one running doctor`, 'run the doctor as the agent\'s user: sudo -u troupe troupe doctor …');
  }
  return fail('repository', `${app.dir} is not a git repository (${reason})`, `clone the app there: sudo -u troupe git clone URL ${app.dir}`);
}

/** Nothing uncommitted: troupe refuses to deploy over local changes. */
export async function checkWorkingTree(config: DoctorConfig, git: GitFor = gitFor): Promise<CheckResult> {
  const dir = config.app?.dir ?? '';
  const status = await git(dir).status();
  if (status.isClean()) return pass('working-tree', `${dir} is clean`);
  const paths = status.files.map((file) => file.path);
  const shown = paths.slice(0, 5).join(', ') + (paths.length > 5 ? `, and ${paths.length - 5} more` : '');
  return fail(
    'working-tree',
    `${dir} has ${paths.length} uncommitted change${paths.length === 1 ? '' : 's'}: ${shown}`,
    `commit or discard them (git -C ${dir} status shows what; build output belongs in .gitignore): troupe will not deploy over local changes`,
  );
}

async function missingDir(dir: string): Promise<string | undefined> {
  try {
    return (await stat(dir)).isDirectory() ? undefined : `${dir} is not a directory`;
  } catch {
    return `${dir} does not exist`;
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.trim().split('\n').find((line) => line.trim() !== '')?.trim() ?? 'git failed';
}

/** `https://user:secret@host/…` → `https://…@host/…`. */
function hideCredentials(url: string): string {
  return url.replace(/\/\/[^/@\s]+@/, '//…@');
}
