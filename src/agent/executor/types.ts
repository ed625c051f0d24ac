/** One build step: a program and its arguments (never a shell), with its own time limit. */
export interface BuildStep {
  readonly argv: readonly string[];
  readonly timeoutMs: number;
}

/**
 * How the new code is started:
 * - `exit`: self-update; the executor returns `restart-by-exit` and its caller exits with
 *   `ExitCode.restart` (75) so the supervisor starts the new code, which resumes from the journal;
 * - `command`: a managed service; the configured command restarts it.
 */
export type RestartSpec =
  | { readonly kind: 'exit' }
  | { readonly kind: 'command'; readonly argv: readonly string[]; readonly timeoutMs: number };

/** Healthy means: the command exits 0, or the URL answers a 2xx to GET, within `timeoutMs`. */
export type HealthSpec =
  | { readonly kind: 'command'; readonly argv: readonly string[]; readonly timeoutMs: number }
  | { readonly kind: 'http'; readonly url: string; readonly timeoutMs: number };

/** Everything the executor needs to update one host. Copied into the journal so resume needs nothing else. */
export interface UpdateConfig {
  /** The git working tree that is deployed. */
  readonly repoDir: string;
  readonly remote: string;
  /** Only revisions reachable from `remote/branch` may be deployed. */
  readonly branch: string;
  /** The journal file (in the agent's state directory, outside the working tree). */
  readonly journalPath: string;
  readonly build: readonly BuildStep[];
  readonly restart: RestartSpec;
  /** No health check configured: the restart succeeding is taken as healthy. */
  readonly health: HealthSpec | null;
  /** Time from the restart by which the new code must be healthy. */
  readonly healthDeadlineMs: number;
  /** Pause between two health probes (while waiting and while soaking). */
  readonly healthIntervalMs: number;
  /** The new code must stay healthy throughout this long after its first healthy probe. */
  readonly soakMs: number;
  /** Self-update: crashes of the new code after the restart before the guard reverts it. */
  readonly maxBootAttempts: number;
  /** Extra environment for build, restart and health commands. */
  readonly env: Readonly<Record<string, string>>;
}

/**
 * The phases written to the journal, each at its start. Forward:
 * claimed → switching → building → restarting → checking → soaking → done.
 * Back: reverting (checkout + build of from-sha) → revert-restarting → revert-checking → reverted,
 * or revert-failed. `guard-reverting` is written by the supervisor's guard (I4) while it does the
 * same checkout and build from outside the new revision.
 */
export const phases = [
  'claimed',
  'switching',
  'building',
  'restarting',
  'checking',
  'soaking',
  'done',
  'reverting',
  'guard-reverting',
  'revert-restarting',
  'revert-checking',
  'reverted',
  'revert-failed',
] as const;
export type Phase = (typeof phases)[number];

/** Phases after which nothing is left to do on the host. */
export const finalPhases: readonly Phase[] = ['done', 'reverted', 'revert-failed'];

/** Phases in which the new revision is running (or starting) and has not proven itself yet. */
export const newCodePhases: readonly Phase[] = ['restarting', 'checking', 'soaking'];

export interface JournalEvent {
  readonly phase: Phase;
  readonly at: number;
}

/** The on-disk record of one host update. */
export interface Journal {
  readonly v: 1;
  readonly rollout: string;
  /** The lock's fencing token (the claim reply's ts). */
  readonly token: string;
  readonly fromSha: string;
  readonly toSha: string;
  readonly phase: Phase;
  /** Epoch ms by which the code being started must be healthy; null before a restart. */
  readonly deadline: number | null;
  /** Crashes of the new code since its restart (counted by the supervisor). */
  readonly bootAttempts: number;
  /** Why the update was reverted (set on entering `reverting`). */
  readonly reason: string | null;
  /** The last lines of output of the failing step. */
  readonly logTail: string | null;
  /** The process group of the step in progress, so a resumed executor can stop a leftover copy. */
  readonly stepPid: number | null;
  readonly config: UpdateConfig;
  /** Every phase entered, oldest first. */
  readonly history: readonly JournalEvent[];
}

/** What `runUpdate` hands back to its caller. */
export type UpdateResult =
  | { readonly outcome: 'done'; readonly journal: Journal }
  /** Self-update: exit with `ExitCode.restart` now; the new process resumes from the journal. */
  | { readonly outcome: 'restart-by-exit'; readonly exitCode: number; readonly journal: Journal }
  /** Back on from-sha and healthy; post `reverted` with `reason` and `logTail`. */
  | { readonly outcome: 'reverted'; readonly reason: string; readonly logTail: string; readonly journal: Journal }
  /** The way back failed too: the host needs a person. */
  | { readonly outcome: 'revert-failed'; readonly reason: string; readonly logTail: string; readonly journal: Journal };
