import { TroupeError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import { StepFailedError } from './errors.js';
import { executorDeps, type ExecutorDeps } from './executor-deps.js';
import { readJournal, writeJournal } from './journal.js';
import type { PreparedUpdate } from './prepare-update.js';
import { rollback, runRevert } from './rollback.js';
import { build, confirmHealthy, save, soakHealthy, stopLeftoverStep, switchTo, runStep } from './update-steps.js';
import { finalPhases, type Journal, type UpdateConfig, type UpdateResult } from './types.js';

/** An update is already in progress on this host (its journal is not final). */
export class UpdateInProgressError extends TroupeError {
  override readonly code = 'update_in_progress';
}

/**
 * Writes the first journal of an update (phase `claimed`), once the lock is held.
 * Refuses when another update's journal is still open: resume or clear that one first.
 */
export async function beginUpdate(
  config: UpdateConfig,
  prepared: PreparedUpdate,
  lock: { rollout: string; token: string },
  overrides: Partial<ExecutorDeps> = {},
): Promise<Journal> {
  const deps = executorDeps(overrides);
  const open = await readJournal(config.journalPath);
  if (open && !finalPhases.includes(open.phase)) {
    throw new UpdateInProgressError(
      `An update of ${config.repoDir} (rollout ${open.rollout}, phase ${open.phase}) is not finished; resume it from ${config.journalPath} before starting another.`,
    );
  }
  const journal: Journal = {
    v: 1,
    ...lock,
    fromSha: prepared.fromSha,
    toSha: prepared.toSha,
    phase: 'claimed',
    deadline: null,
    bootAttempts: 0,
    reason: null,
    logTail: null,
    stepPid: null,
    config,
    history: [{ phase: 'claimed', at: deps.clock.now() }],
  };
  await writeJournal(config.journalPath, journal);
  await deps.onPhase?.(journal);
  return journal;
}

/**
 * Carries the update on from the journal's phase until it is done, reverted, or (self-update)
 * the process must exit with `ExitCode.restart`. Safe to call again after a crash at any point:
 * finished phases are not repeated, an unfinished one is redone from its start.
 */
export async function runUpdate(journal: Journal, overrides: Partial<ExecutorDeps> = {}): Promise<UpdateResult> {
  const deps = executorDeps(overrides);
  let current = journal;
  for (;;) {
    try {
      const next = await advance(current, deps);
      if ('outcome' in next) return next;
      current = next;
    } catch (error) {
      if (!(error instanceof StepFailedError) || !isForward(current)) throw error;
      return rollback(current, error.message, error.logTail, overrides);
    }
  }
}

/** Reads the journal at `path` and resumes its update; null when no update is open there. */
export async function resumeFromJournal(path: string, overrides: Partial<ExecutorDeps> = {}): Promise<UpdateResult | null> {
  const journal = await readJournal(path);
  return journal ? runUpdate(journal, overrides) : null;
}

function isForward(journal: Journal): boolean {
  return ['claimed', 'switching', 'building', 'restarting', 'checking', 'soaking'].includes(journal.phase);
}

/** One phase: does its work and returns the journal of the next phase, or the final result. */
async function advance(journal: Journal, deps: ExecutorDeps): Promise<Journal | UpdateResult> {
  const { config } = journal;
  switch (journal.phase) {
    case 'claimed':
      return save(journal, 'switching', deps);
    case 'switching':
      await switchTo(journal, journal.toSha, deps);
      return save(journal, 'building', deps);
    case 'building':
      stopLeftoverStep(journal);
      await build(journal, deps);
      return enterRestart(journal, deps);
    case 'restarting':
      if (config.restart.kind === 'exit') return save(journal, 'checking', deps);
      stopLeftoverStep(journal);
      await runStep(journal, 'restart command', config.restart.argv, config.restart.timeoutMs, deps);
      // A managed service's deadline counts from its (last) restart, even one redone after a crash.
      return save(journal, 'checking', deps, { deadline: deps.clock.now() + config.healthDeadlineMs });
    case 'checking':
      await confirmHealthy(journal, deps);
      return save(journal, 'soaking', deps);
    case 'soaking':
      await soakHealthy(journal, deps);
      return { outcome: 'done', journal: await save(journal, 'done', deps) };
    case 'done':
      return { outcome: 'done', journal };
    default:
      return runRevert(journal, deps);
  }
}

/**
 * Enters `restarting` with the health deadline. Self-update: the journal is written, and the
 * caller must exit now; the new code resumes in `restarting`. A managed service: the restart
 * command runs next (and again if the executor crashed during it).
 */
async function enterRestart(journal: Journal, deps: ExecutorDeps): Promise<Journal | UpdateResult> {
  const deadline = deps.clock.now() + journal.config.healthDeadlineMs;
  const next = await save(journal, 'restarting', deps, { deadline, bootAttempts: 0 });
  if (journal.config.restart.kind !== 'exit') return next;
  return { outcome: 'restart-by-exit', exitCode: ExitCode.restart, journal: next };
}
