import { markOf, type RolloutThread, type ThreadMark, type ThreadMessage } from './rollout-thread.js';

export type WatchLook = { kind: 'unchanged' } | { kind: 'moved' } | { kind: 'pin-gone'; latestReply?: string };

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

  /**
   * Something happened in the thread (a Socket Mode event): the next look reads it in full, or,
   * while only the pin matters, looks at the command message through history.
   */
  hint(): void {
    this.#hinted = true;
  }

  /**
   * One look at the command message: nothing this host waits for has moved; the pin went while
   * only the pin was watched (`latestReply` when the look was conversations.history: the turn's
   * release is the latest reply then); or something else moved, or it is time to read in full.
   * A look that fails says `moved`: the full read that follows finds out.
   */
  async look(): Promise<WatchLook> {
    const last = this.#last;
    if (!last || performance.now() - this.#fullAt >= this.#fullEveryMs) return { kind: 'moved' };
    // A hint while only the pin matters is most likely the pin's removal: a look at the command
    // message (through history, which also names the latest reply) tells, without a full read.
    const hinted = this.#hinted;
    if (hinted && !this.#pinOnly) return { kind: 'moved' };
    this.#hinted = false;
    this.#looks += 1;
    if (this.#pinOnly) {
      if (this.#looks % 2 === 0 && !hinted) {
        const pinned = await this.#thread.pinned().catch(() => undefined);
        return pinned === true ? { kind: 'unchanged' } : pinned === false ? { kind: 'pin-gone' } : { kind: 'moved' };
      }
      const mark = await this.#mark();
      return mark === undefined ? { kind: 'moved' } : mark.pinned ? { kind: 'unchanged' } : { kind: 'pin-gone', latestReply: mark.latestReply };
    }
    const now = await this.#mark();
    return now !== undefined && now.pinned === last.pinned && now.latestReply === last.latestReply ? { kind: 'unchanged' } : { kind: 'moved' };
  }

  #mark(): Promise<ThreadMark | undefined> {
    return this.#thread.mark().catch(() => undefined);
  }
}
