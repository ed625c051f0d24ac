/** A sleep that something else can cut short: a socket event wakes the poller early. */
export class Wakeup {
  #waiters = new Set<() => void>();

  /** Ends every wakeable sleep now. */
  wake(): void {
    for (const resolve of [...this.#waiters]) resolve();
  }

  /** Ends after `ms`, when `abort` fires, or (if `wakeable`) on `wake()`; true when `wake()` ended it. */
  sleep(ms: number, options: { wakeable: boolean; abort?: AbortSignal }): Promise<boolean> {
    const { wakeable, abort } = options;
    return new Promise((resolve) => {
      if (abort?.aborted) return resolve(false);
      const end = (woken: boolean) => {
        clearTimeout(timer);
        this.#waiters.delete(wakeUp);
        abort?.removeEventListener('abort', done);
        resolve(woken);
      };
      const done = () => end(false);
      const wakeUp = () => end(true);
      const timer = setTimeout(done, Math.max(0, ms));
      if (wakeable) this.#waiters.add(wakeUp);
      abort?.addEventListener('abort', done, { once: true });
    });
  }
}
