import { markOf, type RolloutThread, type ThreadMark, type ThreadMessage } from './rollout-thread.js';

/**
 * Lets the host next in line wait for its turn on the command message alone. Reading the whole
 * thread (conversations.replies) is what the fleet's lock reads and heartbeats also spend, and
 * Slack allows about 50 a minute for the whole app; the command message comes from
 * conversations.history, a separate allowance, and says whether the thread moved: its latest
 * reply and its pin. While the lock is held by someone else only the pin matters (the holder's
 * progress and `done` change nothing for this host); its removal ends the turn ahead.
 */
export class ThreadWatch {
  readonly #thread: RolloutThread;
  readonly #fullEveryMs: number;
  #last: ThreadMark | undefined;
  #heldByOther = false;
  #fullAt = 0;
  #hinted = false;

  /** `fullEveryMs`: read in full at least this often anyway (leases run out with no new reply). */
  constructor(thread: RolloutThread, fullEveryMs: number) {
    this.#thread = thread;
    this.#fullEveryMs = fullEveryMs;
  }

  /** A full read: what it showed, and whether it showed the lock held by another host. */
  read(messages: readonly ThreadMessage[], heldByOther: boolean): void {
    this.#last = markOf(messages, this.#thread.channel);
    this.#heldByOther = heldByOther;
    this.#fullAt = performance.now();
    this.#hinted = false;
  }

  /** Something happened in the thread (a Socket Mode event): the next look reads it in full. */
  hint(): void {
    this.#hinted = true;
  }

  /** True when a look at the command message shows nothing this host waits for has moved. */
  async unchanged(): Promise<boolean> {
    const last = this.#last;
    if (!last || this.#hinted || performance.now() - this.#fullAt >= this.#fullEveryMs) return false;
    const now = await this.#thread.mark().catch(() => undefined);
    if (!now) return false;
    if (this.#heldByOther) return now.pinned;
    return now.pinned === last.pinned && now.latestReply === last.latestReply;
  }
}
