import { StepFailedError } from './errors.js';
import { executorDeps, type ExecutorDeps } from './executor-deps.js';
import { ExitCode } from '../../exit-codes.js';
import { build, confirmHealthy, runStep, save, stopLeftoverStep, switchTo } from './update-steps.js';
import type { Journal, UpdateResult } from './types.js';

/**
 * Takes the host back to the journal's from-sha: checkout, rebuild, restart, confirm healthy.
 * `reason` and `logTail` say why and end up in the `reverted` result (and record).
 */
export async function rollback(
  journal: Journal,
  reason: string,
  logTail: string,
  overrides: Partial<ExecutorDeps> = {},
): Promise<UpdateResult> {
  const deps = executorDeps(overrides);
  const reverting = await save(journal, 'reverting', deps, { reason, logTail, stepPid: journal.stepPid });
  return runRevert(reverting, deps);
}

/** Carries a rollback on from the journal's phase (one of the revert phases) to its result. */
export async function runRevert(journal: Journal, deps: ExecutorDeps): Promise<UpdateResult> {
  let current = journal;
  for (;;) {
    try {
      const next = await revertPhase(current, deps);
      if ('outcome' in next) return next;
      current = next;
    } catch (error) {
      if (!(error instanceof StepFailedError)) throw error;
      const reason = `${current.reason ?? 'update failed'}; the way back failed too: ${error.message}`;
      const failed = await save(current, 'revert-failed', deps, { reason, logTail: error.logTail });
      return { outcome: 'revert-failed', reason, logTail: error.logTail, journal: failed };
    }
  }
}

async function revertPhase(journal: Journal, deps: ExecutorDeps): Promise<Journal | UpdateResult> {
  const { config } = journal;
  switch (journal.phase) {
    case 'reverting':
    case 'guard-reverting': {
      stopLeftoverStep(journal);
      await switchTo(journal, journal.fromSha, deps);
      await build(journal, deps);
      const deadline = deps.clock.now() + config.healthDeadlineMs;
      const next = await save(journal, 'revert-restarting', deps, { deadline });
      if (config.restart.kind !== 'exit') return next;
      return { outcome: 'restart-by-exit', exitCode: ExitCode.restart, journal: next };
    }
    case 'revert-restarting':
      if (config.restart.kind === 'exit') return save(journal, 'revert-checking', deps);
      stopLeftoverStep(journal);
      await runStep(journal, 'restart command', config.restart.argv, config.restart.timeoutMs, deps);
      return save(journal, 'revert-checking', deps, { deadline: deps.clock.now() + config.healthDeadlineMs });
    case 'revert-checking':
      await confirmHealthy(journal, deps);
      return reverted(await save(journal, 'reverted', deps));
    case 'reverted':
      return reverted(journal);
    case 'revert-failed':
      return { outcome: 'revert-failed', reason: journal.reason ?? 'unknown', logTail: journal.logTail ?? '', journal };
    default:
      throw new Error(`runRevert called in phase ${journal.phase}`);
  }
}

function reverted(journal: Journal): UpdateResult {
  return { outcome: 'reverted', reason: journal.reason ?? 'unknown', logTail: journal.logTail ?? '', journal };
}

/**
 * The supervisor's guard (I4) taking the host back while the new code is stopped: same steps as
 * `rollback`, recorded as `guard-reverting`, ending in `revert-restarting` for the old code to
 * confirm its own health when it starts (or `revert-failed`).
 */
export async function revertFromGuard(
  journal: Journal,
  reason: string,
  logTail: string,
  overrides: Partial<ExecutorDeps> = {},
): Promise<UpdateResult> {
  const deps = executorDeps(overrides);
  const reverting = await save(journal, 'guard-reverting', deps, { reason, logTail });
  return runRevert(reverting, deps);
}
