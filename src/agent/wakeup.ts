/** A sleep that something else can cut short: a socket event wakes the poller early. */
export class Wakeup {
  #waiters = new Set<() => void>();

  /** Ends every wakeable sleep now. */
  wake(): void {
    for (const resolve of [...this.#waiters]) resolve();
  }

  /** Ends after `ms`, when `abort` fires, or (if `wakeable`) on `wake()`. */
  sleep(ms: number, options: { wakeable: boolean; abort?: AbortSignal }): Promise<void> {
    const { wakeable, abort } = options;
    return new Promise((resolve) => {
      if (abort?.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        this.#waiters.delete(done);
        abort?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      if (wakeable) this.#waiters.add(done);
      abort?.addEventListener('abort', done, { once: true });
    });
  }
}
