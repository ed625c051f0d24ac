import { TroupeError } from '../../errors.js';

/** The update was refused before anything changed on the host. `message` says what to do. */
export class PreflightError extends TroupeError {
  override readonly code: string = 'preflight';
}

/** The working tree has uncommitted changes. */
export class DirtyTreeError extends PreflightError {
  override readonly code = 'dirty_tree';
}

/** HEAD carries commits that the allowed branch on the remote does not have. */
export class LocalCommitsError extends PreflightError {
  override readonly code = 'local_commits';
}

/** The ref or sha does not name a commit, even after fetching. */
export class UnknownRevisionError extends PreflightError {
  override readonly code = 'unknown_revision';
}

/** The commit exists but is not reachable from the allowed branch. */
export class NotOnBranchError extends PreflightError {
  override readonly code = 'not_on_branch';
}

/** `git fetch` failed (network, credentials, missing remote). */
export class FetchError extends PreflightError {
  override readonly code = 'fetch_failed';
}

/** The journal file exists but cannot be read as a journal. */
export class JournalError extends TroupeError {
  override readonly code = 'journal_invalid';
}

/** A step of the update failed; the executor turns it into a rollback. */
export class StepFailedError extends TroupeError {
  override readonly code = 'step_failed';
  constructor(
    message: string,
    readonly logTail: string,
  ) {
    super(message);
  }
}
