import type { RateLimitMode } from './api.js';

/** A token bucket: `capacity` calls at once, refilled at `perSecond`. */
export interface BucketSpec {
  capacity: number;
  perSecond: number;
}

const perMinute = (calls: number): BucketSpec => ({ capacity: calls, perSecond: calls / 60 });

/** Slack's tiers: "1+", "20+", "50+" and "100+" calls per minute, per method, per app, per workspace. */
export const TIERS = { 1: perMinute(1), 2: perMinute(20), 3: perMinute(50), 4: perMinute(100) } as const;

/** chat.postMessage: about one message per second per channel, with a small burst. */
export const POST_PER_CHANNEL: BucketSpec = { capacity: 3, perSecond: 1 };
/** chat.postMessage across the workspace: "several hundred messages per minute". */
export const POST_PER_WORKSPACE: BucketSpec = { capacity: 300, perSecond: 5 };

interface Bucket {
  tokens: number;
  at: number;
}

/** Token buckets keyed by whatever the caller chooses (app, method, channel). */
export class RateLimiter {
  private buckets = new Map<string, Bucket>();

  constructor(
    private mode: RateLimitMode,
    private readonly now: () => number = Date.now,
  ) {}

  setMode(mode: RateLimitMode): void {
    this.mode = mode;
    this.buckets.clear();
  }

  /**
   * Takes one token from every bucket named in `keys`, all or nothing.
   * Returns 0 when allowed, else the whole seconds to wait (Slack's `Retry-After`, at least 1).
   */
  take(keys: [string, BucketSpec][]): number {
    if (this.mode === 'off') return 0;
    const scale = this.mode === 'slack' ? 1 : this.mode.scale;
    const now = this.now();
    let wait = 0;
    const filled = keys.map(([key, spec]) => {
      // A bucket holds at least one call, or a small scale would refuse every call for ever.
      const capacity = Math.max(1, spec.capacity * scale);
      const rate = spec.perSecond * scale;
      const bucket = this.buckets.get(key) ?? { tokens: capacity, at: now };
      const tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * rate);
      if (tokens < 1) wait = Math.max(wait, Math.ceil((1 - tokens) / rate));
      return { key, tokens };
    });
    if (wait > 0) return wait;
    for (const { key, tokens } of filled) this.buckets.set(key, { tokens: tokens - 1, at: now });
    return 0;
  }
}
