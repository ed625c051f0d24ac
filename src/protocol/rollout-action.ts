/** The actions `nextAction` can ask of a host (DESIGN §5). */

export type ActionPurpose = 'update' | 'canary' | 'rollback';

export type RolloutAction =
  /** Nothing to do for this rollout, ever again (finished, or not in the plan). */
  | { kind: 'none'; reason: string }
  /**
   * Nothing to do now: read the thread again after `pollS` seconds (or on a socket hint).
   * `place`: this host waits for its turn, with `place − 1` turns between (1: next in line).
   * `finished`: this host's part is over; only a steering command gives it more to do.
   * `onRoster`: what it waits for shows in the roster, not in the thread (the peer guard, its own
   * heartbeat): look at the roster again before the turn.
   */
  | { kind: 'wait'; pollS: number; reason: string; place?: number; finished?: true; onRoster?: true }
  /** Resolve the ref to a sha, choose the order (`planOrder`) and post the `plan` record. */
  | { kind: 'post-plan' }
  /** Post the `slot` record for batch slot `index` (its lock message), then ask again. */
  | { kind: 'post-slot'; index: number }
  /**
   * Take the lock of `slot` (pins.add on `messageTs`, then the claim) and go down: update to
   * `sha` (canary: also soak `soakS` and post `canary_healthy`), or roll back to `sha`.
   */
  | { kind: 'claim'; purpose: ActionPurpose; slot: number; messageTs: string; sha: string; fromSha?: string; leaseS: number; healthDeadlineS: number; soakS: number }
  /**
   * This host holds `token`: carry on from the journal. `expired`: start no new irreversible step
   * (finish or revert the one in progress). `broken`: someone broke the claim; after the step,
   * stop without releasing (the breaker owns the pin now).
   */
  | { kind: 'continue'; purpose: ActionPurpose; slot: number; token: string; expired: boolean; broken?: true }
  /** This host holds `token` but has finished (`result`): release it (compare-and-delete). */
  | { kind: 'release'; slot: number; messageTs?: string; token: string; result: string }
  /**
   * Break the lock of `slot` (slackmq's break protocol): an expired claim (`token`), or a pin
   * with no claim (`token: null`, `pinCreated`). If `halt` is set, post it after winning.
   */
  | {
      kind: 'break';
      slot: number;
      messageTs?: string;
      token: string | null;
      pinCreated?: number;
      victim?: string;
      reason: string;
      halt?: { code: 'lost'; reason: string; host?: string };
    }
  /** Post a `halted` record with this reason (the rollout stopped and nobody has said so yet). */
  | { kind: 'halt'; code: 'failures' | 'lost' | 'error'; reason: string; host?: string };
