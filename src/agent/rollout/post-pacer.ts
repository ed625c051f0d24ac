import { setTimeout } from 'node:timers/promises';

/**
 * Spaces this process's posts into the fleet channel: Slack takes about one message a second
 * per channel (short bursts allowed), and a quick turn would otherwise post its claim, outcome
 * and release within a second, with the next host's claim close behind, and meet a 429. A post
 * waits its turn here instead; the wait is what the 429's `Retry-After` would have cost.
 */
/** One post a second into a channel, as Slack takes them. */
export const POST_SPACING_MS = 1000;

export class PostPacer {
  readonly #spacingMs: number;
  readonly #clock: PacerClock;
  #next = 0;

  constructor(spacingMs = POST_SPACING_MS, clock: PacerClock = { now: () => performance.now(), sleep: (ms) => setTimeout(ms) }) {
    this.#spacingMs = spacingMs;
    this.#clock = clock;
  }

  /** Resolves when this process may post, and takes that slot. */
  async turn(): Promise<void> {
    const now = this.#clock.now();
    const at = Math.max(now, this.#next);
    this.#next = at + this.#spacingMs;
    if (at > now) await this.#clock.sleep(at - now);
  }
}

export interface PacerClock {
  now(): number;
  sleep(ms: number): Promise<unknown>;
}
