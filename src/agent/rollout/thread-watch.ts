import { markOf, type RolloutThread, type ThreadMark, type ThreadMessage } from './rollout-thread.js';

/**
 * Lets the hosts next in line wait for their turn on the command message alone. Reading the
 * whole thread (conversations.replies) is what the fleet's lock reads and heartbeats also spend,
 * and Slack allows about 50 a minute for the whole app. The command message says whether the
 * thread moved (its latest reply, its pin) through other allowances: conversations.history, and
 * for the pin alone pins.list. While another host holds the lock, only the pin matters to the
 * host next in line (the holder's `done` changes nothing for it): its removal ends the turn ahead.
 */
export class ThreadWatch {
  readonly #thread: RolloutThread;
  readonly #fullEveryMs: number;
  #last: ThreadMark | undefined;
  #pinOnly = false;
  #fullAt = 0;
  #hinted = false;
  #looks = 0;

  /** `fullEveryMs`: read in full at least this often anyway (leases run out with no new reply). */
  constructor(thread: RolloutThread, fullEveryMs: number) {
    this.#thread = thread;
    this.#fullEveryMs = fullEveryMs;
  }

  /**
   * A full read: what it showed, and whether only the pin's removal can change what this host
   * does (it is next in line and another host holds the lock).
   */
  read(messages: readonly ThreadMessage[], pinOnly: boolean): void {
    this.#last = markOf(messages, this.#thread.channel);
    this.#pinOnly = pinOnly && this.#last?.pinned === true;
    this.#fullAt = performance.now();
    this.#hinted = false;
  }

  /** Only the pin is watched: looks alternate between conversations.history and pins.list. */
  get pinOnly(): boolean {
    return this.#pinOnly;
  }

  /** Something happened in the thread (a Socket Mode event): the next look reads it in full. */
  hint(): void {
    this.#hinted = true;
  }

  /** True when a look at the command message shows nothing this host waits for has moved. */
  async unchanged(): Promise<boolean> {
    const last = this.#last;
    if (!last || this.#hinted || performance.now() - this.#fullAt >= this.#fullEveryMs) return false;
    this.#looks += 1;
    if (this.#pinOnly) {
      const pinned = this.#looks % 2 === 0 ? await this.#thread.pinned().catch(() => undefined) : (await this.#mark())?.pinned;
      return pinned === true;
    }
    const now = await this.#mark();
    return now !== undefined && now.pinned === last.pinned && now.latestReply === last.latestReply;
  }

  #mark(): Promise<ThreadMark | undefined> {
    return this.#thread.mark().catch(() => undefined);
  }
}
