import type { Faults } from './api.js';

export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'http5xx'; status: number }
  | { kind: 'ok_false' }
  | { kind: 'ratelimited'; retryAfter: number };

/** Injected faults of the Web API: latency, error bursts and 429 storms. */
export class FaultState {
  private latencyMs = 0;
  private burst: { left: number; kind: 'http5xx' | 'ok_false'; methods?: string[] } | undefined;
  private storm: { until: number; retryAfter: number; methods?: string[] } | undefined;
  private burstCount = 0;

  constructor(private readonly now: () => number = Date.now) {}

  set(faults: Faults): void {
    if (faults.latencyMs !== undefined) this.latencyMs = Math.max(0, faults.latencyMs);
    if (faults.errorBurst) this.burst = { ...faults.errorBurst, left: faults.errorBurst.count };
    if (faults.rateLimitStorm) {
      const { seconds, retryAfter, methods } = faults.rateLimitStorm;
      this.storm = { until: this.now() + seconds * 1000, retryAfter: Math.max(1, Math.ceil(retryAfter ?? 1)), methods };
    }
  }

  clear(): void {
    this.latencyMs = 0;
    this.burst = undefined;
    this.storm = undefined;
  }

  latency(): number {
    return this.latencyMs;
  }

  /** What to do with one call of `method`; consumes one call of an error burst. */
  decide(method: string): FaultDecision {
    const storm = this.storm;
    if (storm && this.now() < storm.until && matches(storm.methods, method)) {
      return { kind: 'ratelimited', retryAfter: storm.retryAfter };
    }
    const burst = this.burst;
    if (burst && burst.left > 0 && matches(burst.methods, method)) {
      burst.left -= 1;
      if (burst.kind === 'ok_false') return { kind: 'ok_false' };
      this.burstCount += 1;
      return { kind: 'http5xx', status: this.burstCount % 2 === 1 ? 500 : 503 };
    }
    return { kind: 'none' };
  }
}

function matches(methods: string[] | undefined, method: string): boolean {
  return !methods || methods.length === 0 || methods.includes(method);
}
