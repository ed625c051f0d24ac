import { execa, type ResultPromise } from 'execa';
import type { Writable } from 'node:stream';
import { readJournal, revertFromGuard, logTail, systemClock, type Clock, type Journal } from '../agent/executor/index.js';
import { backoffDelay, type BackoffPolicy } from './backoff.js';
import { countBootAttempt, guardDecision } from './guard.js';
import { OutputTail } from './output-tail.js';

export interface SupervisorOptions {
  /** The child: program and arguments, never a shell. */
  readonly argv: readonly string[];
  readonly cwd?: string;
  /** The child asks for a restart (new code) by exiting with this code. */
  readonly restartCode: number;
  /** The executor's journal: when set, the guard (I4) watches self-updates through it. */
  readonly journalPath: string | null;
  readonly backoff: BackoffPolicy;
  /** How often the guard reads the journal while the child runs. */
  readonly guardIntervalMs: number;
  /** How long past the deadline a child still in its health check is left alone. */
  readonly guardGraceMs: number;
}

export interface SupervisorDeps {
  readonly clock: Clock;
  readonly stdout: Writable;
  readonly stderr: Writable;
}

interface ChildExit {
  readonly code: number | null;
  readonly how: string;
}

/**
 * A small process supervisor that plays systemd's part (`Restart=always`) for the demo and the
 * tests: starts the child, starts it again at once when it exits with the restart code and after
 * a growing back-off when it crashes, forwards SIGTERM/SIGINT, and runs the guard (I4).
 */
export class Supervisor {
  #child: ResultPromise | null = null;
  #stopping = false;
  #wake: (() => void) | null = null;
  #pendingRevert: string | null = null;
  readonly #tail = new OutputTail();

  constructor(
    private readonly options: SupervisorOptions,
    private readonly deps: SupervisorDeps = { clock: systemClock, stdout: process.stdout, stderr: process.stderr },
  ) {}

  /** Runs until the child exits 0 or a stop; resolves with the exit code for the supervisor. */
  async run(): Promise<number> {
    const timer = setInterval(() => void this.#watch(), this.options.guardIntervalMs);
    let crashes = 0;
    try {
      for (;;) {
        // A stop that arrived while no child ran (during a back-off or the guard's revert).
        if (this.#stopping) return 0;
        const startedAt = this.deps.clock.now();
        const exit = await this.#runChild();
        if (this.#stopping) return exit.code ?? 0;
        if (this.#pendingRevert !== null || exit.code === this.options.restartCode) {
          crashes = 0;
          await this.#afterRestartRequest(exit);
          continue;
        }
        if (exit.code === 0) return 0;
        crashes = this.deps.clock.now() - startedAt >= this.options.backoff.resetAfterMs ? 1 : crashes + 1;
        if (await this.#guardAfterCrash(exit)) {
          crashes = 0;
          continue;
        }
        const delay = backoffDelay(this.options.backoff, crashes);
        this.#log(`the child crashed (${exit.how}); starting it again in ${delay} ms`);
        await this.#sleep(delay);
        if (this.#stopping) return exit.code ?? 1;
      }
    } finally {
      clearInterval(timer);
    }
  }

  /** Forwards `signal` to the child and ends `run` once it has exited. */
  stop(signal: NodeJS.Signals): void {
    this.#stopping = true;
    this.#child?.kill(signal);
    this.#wake?.();
  }

  async #runChild(): Promise<ChildExit> {
    const [file, ...args] = this.options.argv;
    if (!file) throw new TypeError('Supervisor needs a program to run');
    this.#tail.clear();
    const child = execa(file, args, {
      cwd: this.options.cwd,
      env: { TROUPE_SUPERVISED: '1' },
      stdin: 'ignore',
      buffer: false,
      reject: false,
    });
    this.#child = child;
    child.stdout?.on('data', (chunk: Buffer) => this.#output(chunk, this.deps.stdout));
    child.stderr?.on('data', (chunk: Buffer) => this.#output(chunk, this.deps.stderr));
    const result = await child;
    this.#child = null;
    const code = typeof result.exitCode === 'number' ? result.exitCode : null;
    const how = code !== null ? `exit code ${code}` : result.signal ? `killed by ${result.signal}` : 'could not be started';
    if (code === null && !result.signal) this.#output(Buffer.from(`${String(result.message)}\n`), this.deps.stderr);
    return { code, how };
  }

  #output(chunk: Buffer, to: Writable): void {
    this.#tail.push(chunk.toString());
    to.write(chunk);
  }

  async #afterRestartRequest(exit: ChildExit): Promise<void> {
    const reason = this.#pendingRevert;
    this.#pendingRevert = null;
    if (reason === null) {
      this.#log(`the child asked for a restart (${exit.how}); starting it again`);
      return;
    }
    // The child is stopped now; decide again from the journal in case it moved on meanwhile.
    const journal = await this.#readJournal();
    if (guardDecision(journal, { kind: 'tick' }, this.deps.clock.now(), this.options.guardGraceMs).action === 'revert' && journal) {
      await this.#revert(journal, reason);
    }
  }

  /** True when the guard took the host back (the child is to be started at once). */
  async #guardAfterCrash(exit: ChildExit): Promise<boolean> {
    const journal = await this.#readJournal();
    const decision = guardDecision(journal, { kind: 'crash', how: exit.how }, this.deps.clock.now(), this.options.guardGraceMs);
    if (!journal || decision.action === 'none') return false;
    if (decision.action === 'count') {
      await countBootAttempt(journal, decision.bootAttempts);
      return false;
    }
    await this.#revert(journal, decision.reason);
    return true;
  }

  async #watch(): Promise<void> {
    if (!this.#child || this.#pendingRevert !== null || this.#stopping) return;
    const journal = await this.#readJournal();
    const decision = guardDecision(journal, { kind: 'tick' }, this.deps.clock.now(), this.options.guardGraceMs);
    if (decision.action !== 'revert' || !this.#child) return;
    this.#pendingRevert = decision.reason;
    const child = this.#child;
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 2000).unref();
  }

  async #revert(journal: Journal, reason: string): Promise<void> {
    this.#log(`guard: ${reason}; taking the host back to ${journal.fromSha.slice(0, 12)}`);
    const result = await revertFromGuard(journal, reason, logTail(this.#tail.text()));
    if (result.outcome === 'revert-failed') this.#log(`guard: the way back failed: ${result.reason}`);
  }

  async #readJournal(): Promise<Journal | null> {
    if (!this.options.journalPath) return null;
    try {
      return await readJournal(this.options.journalPath);
    } catch (error) {
      this.#log(`guard: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  #log(line: string): void {
    this.deps.stderr.write(`troupe supervise: ${line}\n`);
  }
}
