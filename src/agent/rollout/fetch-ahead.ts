/** A fetch made ahead this recently stands in for the preflight's own. */
const FRESH_MS = 5 * 60_000;

interface Fetch {
  startedAt: number;
  /** Rejects as `git fetch` failed. */
  done: Promise<void>;
  /** A preflight has relied on it: a later turn fetches anew. */
  used: boolean;
}

/**
 * The `git fetch` a host makes while the turn ahead of it runs (DESIGN §5.2), so that its own
 * turn's preflight need not fetch between the pin's removal and the claim: over a real network
 * a fetch takes a second or more, as long as the rest of a handoff. The clone's fetches run one
 * after another (two at once can fail on git's ref locks).
 */
export class FetchAhead {
  readonly #fetch: () => Promise<void>;
  readonly #failed: (error: unknown) => void;
  readonly #now: () => number;
  #last: Fetch | undefined;

  /** `failed` hears a fetch ahead that failed; the preflight then fetches again and reports its own failure. */
  constructor(fetch: () => Promise<void>, failed: (error: unknown) => void, now: () => number = () => performance.now()) {
    this.#fetch = fetch;
    this.#failed = failed;
    this.#now = now;
  }

  /** Fetches ahead of a turn, unless a fetch no preflight has used is in flight or recent. */
  start(): void {
    if (this.#unused()) return;
    this.#run(false).catch(this.#failed);
  }

  /**
   * For a turn's preflight: the clone as fetched for it, by the fetch made ahead if it is recent,
   * unused and succeeded, otherwise by a fetch made now. Throws as that fetch failed.
   */
  async fetched(): Promise<void> {
    const last = this.#unused();
    if (last) {
      last.used = true;
      const ok = await last.done.then(
        () => true,
        () => false,
      );
      if (ok) return;
    }
    await this.#run(true);
  }

  /** The last fetch, if no preflight has used it and it began within five minutes (it may be in flight). */
  #unused(): Fetch | undefined {
    const last = this.#last;
    return last && !last.used && this.#now() - last.startedAt < FRESH_MS ? last : undefined;
  }

  #run(used: boolean): Promise<void> {
    const before = this.#last?.done.catch(() => undefined) ?? Promise.resolve();
    const done = before.then(() => this.#fetch());
    this.#last = { startedAt: this.#now(), done, used };
    return done;
  }
}
