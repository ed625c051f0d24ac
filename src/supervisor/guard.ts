import { writeJournal, newCodePhases, type Journal, type Phase } from '../agent/executor/index.js';

/** What the guard does about the journal when the child crashed, or on a periodic look. */
export type GuardDecision =
  | { readonly action: 'none' }
  | { readonly action: 'count'; readonly bootAttempts: number }
  | { readonly action: 'revert'; readonly reason: string };

export type GuardEvent = { readonly kind: 'crash'; readonly how: string } | { readonly kind: 'tick' };

/**
 * Phases in which a crashed agent is started again from a working tree that may already hold the
 * new revision: after the switch, while building, after the restart, and while the new code
 * itself takes the host back. (A crash of the old code after the way back is the supervisor's
 * ordinary back-off: the guard has nothing older to go back to.)
 */
const crashPhases: readonly Phase[] = ['switching', 'building', ...newCodePhases, 'reverting'];

/**
 * I4, decided from the journal alone (pure). The guard acts only on a self-update that has not
 * proven itself, never on a managed service:
 * - a crash (in `crashPhases`) counts a boot attempt; at `maxBootAttempts`, or past the
 *   deadline, it reverts;
 * - still `restarting` past the deadline (the new code never got as far as its health check),
 *   or still `checking` past the deadline plus `graceMs` (it hangs), it reverts.
 * The new code's own failures are left to the new code while it is alive and on time.
 */
export function guardDecision(journal: Journal | null, event: GuardEvent, now: number, graceMs: number): GuardDecision {
  if (!journal || journal.config.restart.kind !== 'exit' || !crashPhases.includes(journal.phase)) return { action: 'none' };
  const deadline = journal.deadline ?? Number.POSITIVE_INFINITY;
  const target = journal.toSha.slice(0, 12);
  if (event.kind === 'crash') {
    const bootAttempts = journal.bootAttempts + 1;
    if (bootAttempts >= journal.config.maxBootAttempts) {
      const when = newCodePhases.includes(journal.phase) ? 'after the restart' : `while ${journal.phase}`;
      return { action: 'revert', reason: `crash loop: ${target} exited ${bootAttempts} times ${when} (last: ${event.how})` };
    }
    if (now > deadline) return { action: 'revert', reason: `${target} was not healthy by the health deadline (it exited: ${event.how})` };
    return { action: 'count', bootAttempts };
  }
  if (journal.phase === 'restarting' && now > deadline) {
    return { action: 'revert', reason: `${target} did not start by the health deadline` };
  }
  if (journal.phase === 'checking' && now > deadline + graceMs) {
    return { action: 'revert', reason: `${target} hung in its health check past the health deadline` };
  }
  return { action: 'none' };
}

/** Records one more crash of the new code in the journal. */
export async function countBootAttempt(journal: Journal, bootAttempts: number): Promise<void> {
  await writeJournal(journal.config.journalPath, { ...journal, bootAttempts });
}
