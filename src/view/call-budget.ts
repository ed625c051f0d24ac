import { allowance } from './tiers.js';

interface Bucket {
  tokens: number;
  at: number;
  /** Times of the calls of the last minute. */
  recent: number[];
}

/**
 * The dashboard asks before each call and skips it (keeping the data it has) when its share of
 * the tier is spent. Two rules per method: a token bucket spreads the calls out (with a small
 * burst that fills the screen at start and lets `r` refresh at once), and no 60-second window
 * ever holds more calls than the share, burst included.
 */
export class CallBudget {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly share: number,
    private readonly scale = 1,
    private readonly burst = 4,
  ) {}

  /** No limit: for one-shot read commands, which make a handful of calls and exit. */
  static unlimited(): CallBudget {
    return new CallBudget(Number.POSITIVE_INFINITY, 1, Number.POSITIVE_INFINITY);
  }

  /** Takes one call of `method` if the budget has one at `nowMs`. */
  take(method: string, nowMs: number): boolean {
    if (!Number.isFinite(this.share)) return true;
    const perMinute = allowance(method, this.share, this.scale);
    const bucket = this.buckets.get(method) ?? { tokens: Math.min(this.burst, perMinute), at: nowMs, recent: [] };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((nowMs - bucket.at) * perMinute) / 60_000);
    bucket.at = nowMs;
    bucket.recent = bucket.recent.filter((t) => nowMs - t < 60_000);
    this.buckets.set(method, bucket);
    if (bucket.tokens < 1 || bucket.recent.length >= perMinute) return false;
    bucket.tokens -= 1;
    bucket.recent.push(nowMs);
    return true;
  }
}
