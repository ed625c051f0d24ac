import type { UPDATE_PHASES } from '../../protocol/index.js';

type UpdatePhase = (typeof UPDATE_PHASES)[number];

/** How long a phase must last before the thread hears of it. */
export const PHASE_REPORT_DELAY_MS = 1500;

/**
 * The `progress` records of one turn, for phases that last. Slack takes about one post a second
 * per channel, and a quick turn passes through five phases in a second or two: posting each would
 * cost a 429 on every turn (docs/BENCHMARKS.md). So a phase is posted once it has lasted
 * `delayMs`; a quick turn posts none and its `done` says how it went. Posts keep their order.
 */
export class PhaseReporter {
  readonly #post: (phase: UpdatePhase) => Promise<unknown>;
  readonly #delayMs: number;
  #pending: UpdatePhase | undefined;
  #timer: NodeJS.Timeout | undefined;
  #posting: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(post: (phase: UpdatePhase) => Promise<unknown>, delayMs = PHASE_REPORT_DELAY_MS) {
    this.#post = post;
    this.#delayMs = delayMs;
  }

  /** The turn entered `phase` (none: a phase the thread does not show). */
  enter(phase: UpdatePhase | undefined): void {
    clearTimeout(this.#timer);
    this.#pending = phase;
    if (phase && !this.#closed) this.#timer = setTimeout(() => void this.#send(), this.#delayMs);
  }

  /** Posts the phase in progress now (before this process restarts: the host is down meanwhile). */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    return this.#send();
  }

  /** The turn is over: nothing more is posted; waits for a post already under way. */
  close(): Promise<void> {
    clearTimeout(this.#timer);
    this.#closed = true;
    this.#pending = undefined;
    return this.#posting;
  }

  #send(): Promise<void> {
    const phase = this.#pending;
    this.#pending = undefined;
    if (phase && !this.#closed) {
      this.#posting = this.#posting.then(() => this.#post(phase)).then(
        () => undefined,
        () => undefined,
      );
    }
    return this.#posting;
  }
}
