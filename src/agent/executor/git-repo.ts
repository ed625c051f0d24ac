import { simpleGit, type SimpleGit } from 'simple-git';

/** The git operations the executor needs, as a port (tests may wrap or replace it). */
export interface GitRepo {
  fetch(remote: string): Promise<void>;
  /** The full sha of `rev` as a commit, or null when it names none. */
  resolveCommit(rev: string): Promise<string | null>;
  /** True when `ancestor` is reachable from `descendant`. */
  isAncestor(ancestor: string, descendant: string): Promise<boolean>;
  head(): Promise<string>;
  /** Paths with uncommitted changes (modified, staged, untracked and not ignored). */
  changedPaths(): Promise<string[]>;
  /** Forces the working tree to `sha`, detached: whatever a crashed checkout left is overwritten. */
  checkoutDetached(sha: string): Promise<void>;
}

/** The GitRepo of a working tree, through simple-git. */
export function openGitRepo(dir: string): GitRepo {
  const git: SimpleGit = simpleGit({ baseDir: dir });
  return {
    async fetch(remote) {
      await git.raw(['fetch', '--prune', '--tags', '--force', remote]);
    },
    async resolveCommit(rev) {
      try {
        const out = await git.raw(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]);
        const sha = out.trim();
        return /^[0-9a-f]{40,64}$/.test(sha) ? sha : null;
      } catch {
        return null;
      }
    },
    async isAncestor(ancestor, descendant) {
      try {
        const base = await git.raw(['merge-base', '--end-of-options', ancestor, descendant]);
        return base.trim() === ancestor;
      } catch {
        return false;
      }
    },
    async head() {
      return (await git.raw(['rev-parse', 'HEAD'])).trim();
    },
    async changedPaths() {
      const out = await git.raw(['status', '--porcelain=v1', '--untracked-files=normal']);
      return out
        .split('\n')
        .filter((line) => line.length > 3)
        .map((line) => line.slice(3));
    },
    async checkoutDetached(sha) {
      await git.raw(['checkout', '--force', '--detach', sha]);
    },
  };
}
