import { allowance } from './tiers.js';

/**
 * A token bucket per method: the dashboard asks before each call and skips it (keeping the data
 * it has) when its share of the tier is spent. A small burst fills the
 * screen at start and lets `r` refresh at once; over a minute the rate stays within the share.
 */
export class CallBudget {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly share: number,
    private readonly scale = 1,
    private readonly burst = 4,
  ) {}

  /** No limit: for one-shot read commands, which make a handful of calls and exit. */
  static unlimited(): CallBudget {
    return new CallBudget(1, 1, Number.POSITIVE_INFINITY);
  }

  /** Takes one call of `method` if the budget has one at `nowMs`. */
  take(method: string, nowMs: number): boolean {
    const perMs = allowance(method, this.share, this.scale) / 60_000;
    const bucket = this.buckets.get(method) ?? { tokens: this.burst, at: nowMs };
    bucket.tokens = Math.min(this.burst, bucket.tokens + (nowMs - bucket.at) * perMs);
    bucket.at = nowMs;
    this.buckets.set(method, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
