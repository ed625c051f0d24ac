/** A fetch made ahead this recently stands in for the preflight's own. */
const FRESH_MS = 5 * 60_000;

interface Fetch {
  /** The commit the turn it was made for deploys. */
  sha: string;
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

  /** Fetches ahead of a turn to `sha`, unless a fetch for it that no preflight has used is in flight or recent. */
  start(sha: string): void {
    if (this.#unused(sha)) return;
    this.#run(sha, false).catch(this.#failed);
  }

  /**
   * For the preflight of a turn to `sha`: the clone as fetched for it, by the fetch made ahead if
   * it was made for that commit, is recent, unused and succeeded, otherwise by a fetch made now
   * (one made for another rollout's commit may predate this one's). Throws as that fetch failed.
   */
  async fetched(sha: string): Promise<void> {
    const last = this.#unused(sha);
    if (last) {
      last.used = true;
      const ok = await last.done.then(
        () => true,
        () => false,
      );
      if (ok) return;
    }
    await this.#run(sha, true);
  }

  /**
   * The fetch a plan resolves its ref after, made now (after any in flight: never two at once).
   * Throws as it failed. Once the plan names its commit, `keep(sha)` leaves the fetch for that
   * turn's preflight: the planner is usually the first host in line.
   */
  async forPlan(): Promise<(sha: string) => void> {
    const done = this.#run('', true);
    await done;
    return (sha) => {
      const last = this.#last;
      if (last?.done === done) Object.assign(last, { sha, used: false });
    };
  }

  /** The last fetch, if it was made for `sha`, no preflight has used it and it began within five minutes (it may be in flight). */
  #unused(sha: string): Fetch | undefined {
    const last = this.#last;
    return last && last.sha === sha && !last.used && this.#now() - last.startedAt < FRESH_MS ? last : undefined;
  }

  #run(sha: string, used: boolean): Promise<void> {
    const before = this.#last?.done.catch(() => undefined) ?? Promise.resolve();
    const done = before.then(() => this.#fetch());
    this.#last = { sha, startedAt: this.#now(), done, used };
    return done;
  }
}
