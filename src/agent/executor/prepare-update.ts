import { DirtyTreeError, FetchError, LocalCommitsError, NotOnBranchError, UnknownRevisionError } from './errors.js';
import { openGitRepo, type GitRepo } from './git-repo.js';
import type { UpdateConfig } from './types.js';

/** What the preflight found: the two revisions of the update. */
export interface PreparedUpdate {
  readonly fromSha: string;
  readonly toSha: string;
  /** The host is already on the target. */
  readonly upToDate: boolean;
}

export interface PrepareDeps {
  readonly git?: (dir: string) => GitRepo;
  /**
   * The remote was fetched moments ago, while the turn ahead of this host ran (`fetchRemote`): the
   * preflight skips its own fetch and checks against the refs that fetch brought.
   */
  readonly fetched?: boolean;
}

const refPattern = /^[A-Za-z0-9][A-Za-z0-9._/@{}^~-]*$/;

/**
 * The preflight, run outside the lock; it changes nothing on the host except the fetched refs:
 * fetch (unless `deps.fetched`); resolve `ref` (a sha, a tag, a branch) to one commit; check it is reachable from the
 * allowed branch on the remote; refuse a dirty working tree and local commits the remote lacks.
 * Throws a PreflightError whose message says what to do.
 */
export async function prepareUpdate(config: UpdateConfig, ref: string, deps: PrepareDeps = {}): Promise<PreparedUpdate> {
  const git = (deps.git ?? openGitRepo)(config.repoDir);
  const allowed = `refs/remotes/${config.remote}/${config.branch}`;
  if (!deps.fetched) await fetchFrom(git, config);
  await refuseDirtyTree(git, config);
  const fromSha = await git.head();
  const branchSha = await git.resolveCommit(allowed);
  if (!branchSha) {
    throw new UnknownRevisionError(
      `The remote ${config.remote} has no branch ${config.branch}; set the host's app.branch to a branch that exists on ${config.remote}.`,
    );
  }
  if (!(await git.isAncestor(fromSha, branchSha))) {
    throw new LocalCommitsError(
      `${config.repoDir} is on ${fromSha.slice(0, 12)}, which has commits that are not on ${config.remote}/${config.branch}. ` +
        `Push them (git -C ${config.repoDir} push ${config.remote} HEAD:${config.branch}) or drop them ` +
        `(git -C ${config.repoDir} checkout --detach ${config.remote}/${config.branch}), then deploy again.`,
    );
  }
  const toSha = await resolveTarget(git, ref, config);
  if (!(await git.isAncestor(toSha, branchSha))) {
    throw new NotOnBranchError(
      `${ref} (${toSha.slice(0, 12)}) is not on ${config.remote}/${config.branch}, the only branch this host deploys from. ` +
        `Merge it into ${config.branch} and push, then deploy again.`,
    );
  }
  return { fromSha, toSha, upToDate: fromSha === toSha };
}

/** The preflight's `git fetch` alone, with its message on failure (a host fetches ahead of its turn with it). */
export async function fetchRemote(config: Pick<UpdateConfig, 'repoDir' | 'remote'>, deps: Pick<PrepareDeps, 'git'> = {}): Promise<void> {
  await fetchFrom((deps.git ?? openGitRepo)(config.repoDir), config);
}

async function fetchFrom(git: GitRepo, config: Pick<UpdateConfig, 'repoDir' | 'remote'>): Promise<void> {
  try {
    await git.fetch(config.remote);
  } catch (error) {
    const detail = error instanceof Error ? error.message.trim() : String(error);
    throw new FetchError(
      `git fetch ${config.remote} failed in ${config.repoDir}: ${detail}. Check that the remote is reachable and its credentials work, then deploy again.`,
      { cause: error },
    );
  }
}

async function refuseDirtyTree(git: GitRepo, config: UpdateConfig): Promise<void> {
  const changed = await git.changedPaths();
  if (changed.length === 0) return;
  const shown = changed.slice(0, 5).join(', ') + (changed.length > 5 ? `, and ${changed.length - 5} more` : '');
  throw new DirtyTreeError(
    `The working tree ${config.repoDir} has uncommitted changes (${shown}). ` +
      `Commit and push them to ${config.remote}/${config.branch}, or discard them ` +
      `(git -C ${config.repoDir} stash --include-untracked), then deploy again.`,
  );
}

async function resolveTarget(git: GitRepo, ref: string, config: UpdateConfig): Promise<string> {
  if (!refPattern.test(ref)) {
    throw new UnknownRevisionError(`"${ref}" is not a git revision; name a sha, a tag or ${config.branch}.`);
  }
  // The branch name means the remote's branch as just fetched, never a stale local branch.
  const candidates = ref === config.branch ? [`refs/remotes/${config.remote}/${ref}`] : [ref, `refs/remotes/${config.remote}/${ref}`];
  for (const candidate of candidates) {
    const sha = await git.resolveCommit(candidate);
    if (sha) return sha;
  }
  throw new UnknownRevisionError(
    `${ref} names no commit in ${config.remote} (after git fetch). Check the spelling, push the commit or tag, then deploy again.`,
  );
}
