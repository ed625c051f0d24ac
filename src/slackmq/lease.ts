/**
 * A held lock: renews itself by editing its claim every third of the lease, watches the thread
 * for a break naming its token, and tells the holder the moment it can no longer promise
 * anything (`signal` aborts, `onLost` fires, `assertHeld()` throws).
 */
import { callValue } from './call-slack.js';
import { decideLock, replayLog } from './decide.js';
import { LockLostError, SlackmqError } from './errors.js';
import { withDeadline, type LockConfig } from './lock-config.js';
import { encodeRecord, type ClaimPayload } from './records.js';
import type { ChatUpdateArguments } from '@slack/web-api';
import { postRecord, readThread } from './thread.js';
import { compareTs } from './slack-ts.js';
import { removeClosedPin } from './unpin.js';

type UpdateMetadata = NonNullable<ChatUpdateArguments['metadata']>;

/**
 * `seen`: the thread as the release's read showed it (the release record in it, the pin still
 * on), when the pin was removed right after that read; a caller that follows the thread may take
 * it as its next read, the pin gone.
 */
export type ReleaseOutcome =
  | { released: true; unpinned: boolean; releaseTs: string; seen?: unknown[] }
  | { released: false; reason: LockLostError['reason'] };

export class Lease {
  private readonly controller = new AbortController();
  private deadlineMono: number;
  private lostError: LockLostError | undefined;
  private readonly stopper = new AbortController();
  private stopped = false;
  private releasing: Promise<ReleaseOutcome> | undefined;
  private beats = 0;

  /** Aborts (with the `LockLostError` as reason) when the lease is lost. */
  readonly signal: AbortSignal = this.controller.signal;

  constructor(
    private readonly cfg: LockConfig,
    /** The fencing token: the claim's ts. Pass it to every fenced step. */
    readonly token: string,
    readonly nonce: string,
    private readonly claim: ClaimPayload,
    claimSentMono: number,
    /**
     * The thread as the lock's read after the claim showed it (raw messages, the claim in it), for
     * a caller that claimed without a look of its own (`acquire`); undefined for a resumed lease.
     */
    readonly seen?: readonly unknown[],
  ) {
    this.deadlineMono = claimSentMono + (cfg.leaseS - cfg.marginS) * 1000;
    void this.heartbeat();
    void this.watchdog();
  }

  /** Monotonic ms until which the lease can be relied on. */
  get validForMs(): number {
    return this.deadlineMono - this.cfg.clock.monotonicMs();
  }

  get lost(): LockLostError | undefined {
    this.checkDeadline();
    return this.lostError;
  }

  /** Throws `LockLostError` if the lease is lost or can no longer be relied on. Call before each irreversible step. */
  assertHeld(): void {
    this.checkDeadline();
    if (this.lostError) throw this.lostError;
  }

  /** Re-reads the thread and throws unless the claim is still current. */
  async verify(): Promise<void> {
    this.assertHeld();
    const read = await readThread(withDeadline(this.cfg.site, this.deadlineMono));
    this.judge(read.records);
    this.assertHeld();
  }

  private checkDeadline(): void {
    if (!this.lostError && this.cfg.clock.monotonicMs() >= this.deadlineMono) {
      this.lose('lease_expired', `the lease on ${this.cfg.site.ts} ran out before it could be renewed`);
    }
  }

  private judge(records: Parameters<typeof decideLock>[0]): void {
    const now = this.cfg.site.clock.lower() ?? 0;
    const view = decideLock(records, undefined, now, { nonce: this.nonce, token: this.token }, this.cfg.timing);
    if (view.state === 'broken') this.lose('broken', `the lock was broken by ${view.by} (claim ${this.token})`);
    else if (view.state === 'lost') this.lose(view.reason, `claim ${this.token} is no longer current (${view.reason})`);
  }

  private lose(reason: LockLostError['reason'], message: string): void {
    if (this.lostError) return;
    this.lostError = new LockLostError(`${message}: stop before any further irreversible step`, reason, this.token);
    this.stop();
    this.controller.abort(this.lostError);
    this.cfg.options.onLost?.(this.lostError);
  }

  private stop(): void {
    this.stopped = true;
    this.stopper.abort();
  }

  /** Renews every third of the lease; after a failed renewal, retries every tenth until the deadline. */
  private async heartbeat(): Promise<void> {
    let waitMs = this.cfg.leaseS * 333;
    while (!this.stopped) {
      const untilDeadline = Math.max(0, this.deadlineMono - this.cfg.clock.monotonicMs());
      await this.cfg.clock.sleep(Math.min(waitMs, untilDeadline), this.stopper.signal);
      this.checkDeadline();
      if (this.stopped) return;
      waitMs = (await this.renew()) ? this.cfg.leaseS * 333 : this.cfg.leaseS * 100;
    }
  }

  /** Fires the loss at the deadline even while a renewal hangs on a dead connection. */
  private async watchdog(): Promise<void> {
    while (!this.stopped) {
      await this.cfg.clock.sleep(Math.max(0, this.deadlineMono - this.cfg.clock.monotonicMs()), this.stopper.signal);
      this.checkDeadline();
    }
  }

  /** One renewal: edit the claim, then re-read the thread for a break. False when Slack failed. */
  private async renew(): Promise<boolean> {
    const sent = this.cfg.clock.monotonicMs();
    try {
      await this.editClaim();
      if (this.stopped) return true;
      // Extend only once the thread shows no break: a renewal that lands after a break must not
      // buy the holder time it no longer has.
      this.judge((await readThread(withDeadline(this.cfg.site, this.deadlineMono))).records);
      if (this.lostError) return true;
      this.deadlineMono = Math.max(this.deadlineMono, sent + (this.cfg.leaseS - this.cfg.marginS) * 1000);
      return true;
    } catch (error) {
      if (!(error instanceof SlackmqError)) this.lose('unknown', `renewing the claim failed unexpectedly (${String(error)})`);
      this.checkDeadline();
      return false;
    }
  }

  private async editClaim(): Promise<void> {
    this.beats += 1;
    const payload: ClaimPayload = { ...this.claim, beat_at: this.cfg.site.clock.upper(), beats: this.beats };
    const { text, metadata } = encodeRecord('claim', payload, this.token);
    const site = withDeadline(this.cfg.site, this.deadlineMono);
    await callValue(
      'chat.update',
      () => site.slack.chat.update({ channel: site.channel, ts: this.token, text, metadata: metadata as UpdateMetadata }),
      site.call,
    );
  }

  /**
   * Compare-and-delete: post `release`, re-read, and remove the pin only if the release closed
   * this claim (nobody broke it first), no newer claim or break exists, and the grace that
   * protects the pin after a release has not run out. A lost lease posts nothing and never
   * touches the pin. The re-read is needed inside a live lease too: a breaker that acted on a
   * stale read may have broken it, and then the pin is the winning breaker's (DESIGN §4.5).
   */
  release(result = 'done'): Promise<ReleaseOutcome> {
    // Once only: a second call (a `finally` after an explicit release) returns the first outcome.
    this.releasing ??= this.releaseOnce(result);
    return this.releasing;
  }

  private async releaseOnce(result: string): Promise<ReleaseOutcome> {
    this.checkDeadline();
    this.stop();
    if (this.lostError) return { released: false, reason: this.lostError.reason };
    // From here on the lease is over for its holder too (no onLost: nothing was lost).
    this.lostError = new LockLostError(`claim ${this.token} was released: take the lock again to continue`, 'released', this.token);
    this.controller.abort(this.lostError);
    const { ts: releaseTs, sentMs: sent } = await postRecord(this.cfg.site, 'release', { v: 1, host: this.cfg.host, nonce: this.nonce, token: this.token, result });
    const pinDeadline = sent + (this.cfg.timing.graceS - this.cfg.marginS) * 1000;
    try {
      const seen = await this.unpinIfStillOurs(pinDeadline, releaseTs);
      return seen ? { released: true, unpinned: true, releaseTs, seen } : { released: true, unpinned: false, releaseTs };
    } catch (error) {
      if (error instanceof SlackmqError && !(error instanceof LockLostError) && error.code === 'slack_unavailable') {
        return { released: true, unpinned: false, releaseTs };
      }
      throw error;
    }
  }

  /** Removes the pin if the release still owns it; returns the thread the decision was read from, or undefined. */
  private async unpinIfStillOurs(pinDeadline: number, releaseTs: string): Promise<unknown[] | undefined> {
    const site = withDeadline(this.cfg.site, pinDeadline);
    const { records, messages } = await readThread(site);
    const closed = replayLog(records, 0, this.cfg.timing).closed.get(this.token);
    const closedByMe = closed?.by === 'release' && closed.nonce === this.nonce;
    const newer = records.some((r) => (r.kind === 'claim' || r.kind === 'break') && compareTs(r.ts, this.token) > 0);
    if (!closedByMe || newer || this.cfg.clock.monotonicMs() >= pinDeadline) return undefined;
    return (await removeClosedPin(site, releaseTs)) ? messages : undefined;
  }
}
