/**
 * Slack time as this process knows it: the newest `ts` (or edit) it has read, plus the time
 * elapsed since (a monotonic clock). Never the host's wall clock, so host skew bends nothing.
 */
export class SlackNow {
  #slack = 0;
  #mono = 0;

  /** A Slack time (seconds) seen just now. */
  observe(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds <= this.now()) return;
    this.#slack = seconds;
    this.#mono = performance.now();
  }

  /** Slack time now (seconds); 0 before anything was seen. */
  now(): number {
    return this.#slack === 0 ? 0 : this.#slack + (performance.now() - this.#mono) / 1000;
  }
}
