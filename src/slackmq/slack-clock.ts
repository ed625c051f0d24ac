/**
 * Slack time, as one process can know it without trusting its own wall clock.
 *
 * Every `ts` Slack assigns is an exact reading of Slack's clock at some instant between our
 * request and its answer. Anchoring that reading to the monotonic clock gives two bounds:
 * - `lower()`: ts + time since the answer arrived (Slack's clock read no later than the answer);
 * - `upper()`: ts + time since the request left (only from messages we posted ourselves).
 * Breakers judge expiry with `lower()` (never early), holders stamp renewals with `upper()`
 * (never late). Only the rates of the clocks matter, never their offsets: host skew cannot
 * bend a lease. A ts read from a thread (someone else's message) gives a lower bound only.
 */
import type { ClockPort } from './ports.js';
import { tsToSeconds } from './slack-ts.js';

export class SlackClock {
  private lowAnchor: { slack: number; mono: number } | undefined;
  private highAnchor: { slack: number; mono: number } | undefined;

  constructor(private readonly clock: ClockPort) {}

  /** A ts we posted: the request left at `sentMono`, the answer came at `receivedMono`. */
  observePost(ts: string, sentMono: number, receivedMono: number): void {
    this.observeLower(tsToSeconds(ts), receivedMono);
    const candidate = tsToSeconds(ts) - sentMono / 1000;
    if (!this.highAnchor || candidate < this.highAnchor.slack - this.highAnchor.mono / 1000) {
      this.highAnchor = { slack: tsToSeconds(ts), mono: sentMono };
    }
  }

  /** A Slack time (seconds) known to have passed by `receivedMono` (any ts seen, pins.list `created`). */
  observeLower(slackSeconds: number, receivedMono: number): void {
    const candidate = slackSeconds - receivedMono / 1000;
    if (!this.lowAnchor || candidate > this.lowAnchor.slack - this.lowAnchor.mono / 1000) {
      this.lowAnchor = { slack: slackSeconds, mono: receivedMono };
    }
  }

  /** Slack time now, never later than the truth; undefined before any observation. */
  lower(): number | undefined {
    const a = this.lowAnchor;
    return a ? a.slack + (this.clock.monotonicMs() - a.mono) / 1000 : undefined;
  }

  /** Slack time now, never earlier than the truth; undefined before any own post. */
  upper(): number | undefined {
    const a = this.highAnchor;
    return a ? a.slack + (this.clock.monotonicMs() - a.mono) / 1000 : undefined;
  }
}
