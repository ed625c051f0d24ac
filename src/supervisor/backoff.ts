export interface BackoffPolicy {
  /** Delay before the first restart after a crash. */
  readonly initialMs: number;
  /** The delay doubles with each crash in a row, up to this. */
  readonly maxMs: number;
  /** A child that ran this long is considered stable: the next crash starts from `initialMs`. */
  readonly resetAfterMs: number;
}

export const defaultBackoff: BackoffPolicy = { initialMs: 200, maxMs: 10_000, resetAfterMs: 10_000 };

/** The delay before restarting after the `crashesInARow`-th crash in a row (1-based). */
export function backoffDelay(policy: BackoffPolicy, crashesInARow: number): number {
  const exponent = Math.max(0, crashesInARow - 1);
  return Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(exponent, 30));
}
