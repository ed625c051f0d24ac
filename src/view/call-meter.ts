import type { BudgetRow } from '../ui/model.js';
import { allowance, TIER_PER_MINUTE } from './tiers.js';

/**
 * Counts this process's own Web API requests (every HTTP attempt, retries included: each one
 * spends the tier) and the 429s it got, per method, over a sliding minute.
 */
export class CallMeter {
  private readonly calls = new Map<string, number[]>();
  private readonly limited = new Map<string, number>();
  private count = 0;

  constructor(
    private readonly share: number,
    private readonly scale = 1,
  ) {}

  record(method: string, atMs: number, status: number): void {
    const list = this.calls.get(method) ?? [];
    list.push(atMs);
    this.count += 1;
    this.calls.set(method, list);
    if (status === 429) this.limited.set(method, (this.limited.get(method) ?? 0) + 1);
  }

  /** Requests of `method` in the minute before `nowMs`. */
  perMinute(method: string, nowMs: number): number {
    const list = (this.calls.get(method) ?? []).filter((t) => nowMs - t < 60_000);
    this.calls.set(method, list);
    return list.length;
  }

  /** Every request so far (for benchmarks). */
  total(): number {
    return this.count;
  }

  rows(nowMs: number): BudgetRow[] {
    const methods = new Set([...this.calls.keys(), ...this.limited.keys()]);
    return [...methods].sort().map((method) => ({
      method,
      perMinute: this.perMinute(method, nowMs),
      tier: (TIER_PER_MINUTE[method] ?? 20) * this.scale,
      share: allowance(method, this.share, this.scale),
      rateLimited: this.limited.get(method) ?? 0,
    }));
  }
}
