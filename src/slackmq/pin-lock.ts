/**
 * The full lock on one message (DESIGN §4): `acquire` → a `Lease` whose claim ts is the fencing
 * token; `breakExpired` for a claim past lease + lock delay or a pin that never got a claim;
 * `inspect` for dashboards and the CLI.
 */
import { breakExpired, type BreakOutcome } from './breaker.js';
import { callSlack } from './call-slack.js';
import { decideFromLog, decideLock, replayLog, type LockView } from './decide.js';
import { LockHeldError, LockLostError, SlackmqError } from './errors.js';
import { inspectLock, type LockInfo } from './inspect.js';
import { Lease } from './lease.js';
import { lockConfig, makeNonce, type LockConfig, type PinLockOptions } from './lock-config.js';
import type { ChatUpdateArguments } from '@slack/web-api';
import { encodeRecord, WITHDRAWN, type ClaimPayload } from './records.js';
import { postRecord, readThread } from './thread.js';

type UpdateMetadata = NonNullable<ChatUpdateArguments['metadata']>;

export interface AcquireOptions {
  /** The caller read the thread a moment ago and found the lock free: no read before `pins.add`. */
  seenFree?: boolean;
}

export class PinLock {
  private readonly cfg: LockConfig;

  constructor(options: PinLockOptions) {
    this.cfg = lockConfig(options);
  }

  /**
   * Takes the lock or throws `LockHeldError` (with who holds it). The steps:
   * 1. read the thread: a current claim or a pin without one means held, no `pins.add` spent;
   * 2. `pins.add`: `already_pinned` means held; any other error is retried or thrown;
   * 3. post the claim (its ts is the token), re-read, and hold only if the log says `mine` and
   *    the claim is not inside a broken claim's shadow (then it is withdrawn: see `withdraw`).
   * Just after a break, the lock is `reserved` for the breaker for the grace: others get held.
   * After an ambiguous `pins.add` (a 5xx or dropped answer, then `already_pinned` on retry: the
   * first attempt may have pinned), step 3 still runs: the log, not the pin, decides, so a
   * claim there is safe either way and the lock is never reported held by its own pin.
   *
   * `seenFree`: the caller read the thread a moment ago and found the lock free, so step 1 is
   * skipped (one `conversations.replies` call less, the Tier-3 read a whole fleet shares). Safety
   * never rested on step 1 — the read after the claim decides — and a lock taken meanwhile costs
   * one `pins.add` that finds it pinned, then the read that says by whom.
   */
  async acquire(options: AcquireOptions = {}): Promise<Lease> {
    return this.acquireAs({}, options.seenFree === true);
  }

  private async acquireAs(me: { breakNonce?: string }, seenFree = false): Promise<Lease> {
    const { site } = this.cfg;
    // A breaker that won claims even over a pin with no claim: in its reservation no other claim
    // counts (§4.3), so such a pin is a dead claim's, left by a contender that landed there late,
    // and it serves the breaker's claim as well as a fresh one. The log decides, as always.
    const overAPin = me.breakNonce !== undefined;
    if (!seenFree) {
      const view = await this.look(me);
      if (view.state !== 'free' && !(overAPin && view.state === 'unclaimed')) throw this.held(view);
    }
    const added = await callSlack('pins.add', () => site.slack.pins.add({ channel: site.channel, timestamp: site.ts }), site.call, ['already_pinned']);
    if (!added.ok && !added.ambiguous && !overAPin) {
      // Taken since the caller looked: a read says by whom (and whether it may be broken), as step 1 would have.
      const view = seenFree ? await this.look(me) : undefined;
      throw this.held(view && view.state !== 'free' ? view : { state: 'unclaimed', pin: { pinned: true }, breakableAt: Infinity, breakable: false });
    }
    const nonce = makeNonce(this.cfg.random);
    const claim: ClaimPayload = { v: 1, host: this.cfg.host, nonce, lease_s: this.cfg.leaseS, from_sha: this.cfg.options.fromSha, to_sha: this.cfg.options.toSha };
    const { sentMs: sent } = await postRecord(site, 'claim', claim);
    const after = await readThread(site);
    const now = this.now();
    const log = replayLog(after.records, now, this.cfg.timing);
    const mine = decideFromLog(log, after.pin, now, { nonce }, this.cfg.timing);
    if (mine.state === 'mine') {
      const shadow = log.lastBroken;
      if (!shadow || mine.claim.since >= shadow.breakableAt) return new Lease(this.cfg, mine.claim.token, nonce, claim, sent, after.messages);
      await this.withdraw(mine.claim.token, nonce);
      throw this.held({ state: 'held', claim: shadow, pinMissing: false, broken: true });
    }
    // Another claim was current first: the pin we may have added now serves its holder; leave it.
    throw this.held(decideFromLog(log, after.pin, now, {}, this.cfg.timing));
  }

  /**
   * A claim current in the log but posted inside a broken claim's shadow (it landed late: a
   * caller's `seenFree` look was old and its `pins.add` ambiguous) is not held: the holder broken
   * early may still be finishing a step until its lease is over (I2). The log cannot rule such a
   * claim out, since a renewal of the broken claim that lands late moves the shadow's end and
   * readers before and after it would disagree; its claimant can, on its own read. It closes the
   * claim with a `release` (result `withdrawn`, so the rollout counts no turn) and leaves the pin,
   * which is not its own. A release that fails leaves a claim that expires and is broken.
   */
  private async withdraw(token: string, nonce: string): Promise<void> {
    await postRecord(this.cfg.site, 'release', { v: 1, host: this.cfg.host, nonce, token, result: WITHDRAWN }).catch((error: unknown) => {
      if (!(error instanceof SlackmqError && error.code === 'slack_unavailable')) throw error;
    });
  }

  /**
   * Carries on a claim this process made before it restarted (token, nonce and claim kept in a
   * journal): renews it at once, re-reads the thread, and returns a lease only if the claim is
   * still current; otherwise throws `LockLostError` (broken, released, …). The lease runs from
   * this renewal, never from before the restart.
   */
  async resume(held: { token: string; nonce: string; claim: ClaimPayload }): Promise<Lease> {
    const { site } = this.cfg;
    await readThread(site);
    const sent = this.cfg.clock.monotonicMs();
    const { text, metadata } = encodeRecord('claim', { ...held.claim, beat_at: undefined }, held.token);
    const edited = await callSlack(
      'chat.update',
      () => site.slack.chat.update({ channel: site.channel, ts: held.token, text, metadata: metadata as UpdateMetadata }),
      site.call,
      ['message_not_found'],
    );
    const after = await readThread(site);
    const view = decideLock(after.records, after.pin, this.now(), { nonce: held.nonce, token: held.token }, this.cfg.timing);
    if (edited.ok && view.state === 'mine') return new Lease(this.cfg, held.token, held.nonce, held.claim, sent);
    const reason = view.state === 'broken' ? 'broken' : view.state === 'lost' ? view.reason : 'unknown';
    throw new LockLostError(`claim ${held.token} cannot be resumed (${reason}): take the lock again`, reason, held.token);
  }

  /**
   * The lease of a claim this process made before it restarted (token, nonce and claim kept in a
   * journal), taken up as it is, without `resume`'s renewal and reads: it renews from now on and
   * releases as its own. The thread still decides: a claim broken meanwhile is found lost at its
   * first renewal, and its release leaves the pin alone.
   */
  journaled(held: { token: string; nonce: string; claim: ClaimPayload }): Lease {
    return new Lease(this.cfg, held.token, held.nonce, held.claim, this.cfg.clock.monotonicMs());
  }

  /** `acquire`, and if the holder's lease ran out (or a pin never got a claim), break it and try once more. */
  async acquireOrBreak(options: AcquireOptions = {}): Promise<Lease> {
    try {
      return await this.acquire(options);
    } catch (error) {
      if (!(error instanceof LockHeldError) || !['expired', 'unclaimed'].includes(error.holder.state)) throw error;
      const outcome = await this.breakExpired();
      if (outcome.outcome !== 'broken') throw error;
      return this.acquireAs({ breakNonce: outcome.nonce });
    }
  }

  /** Breaks an expired claim or an unclaimed pin past its grace; only the winning breaker touches the pin. */
  breakExpired(reason?: string): Promise<BreakOutcome> {
    return breakExpired(this.cfg, reason);
  }

  /** Who holds the lock, since when, lease left, token; `pins: false` skips pins.list (Tier 2). */
  inspect(options: { pins?: boolean } = {}): Promise<LockInfo> {
    return inspectLock(this.cfg, options.pins ?? true);
  }

  /** The lock as the thread shows it now, to `me`. */
  private async look(me: { breakNonce?: string }): Promise<LockView> {
    const { records, pin } = await readThread(this.cfg.site);
    return decideLock(records, pin, this.now(), me, this.cfg.timing);
  }

  private now(): number {
    return this.cfg.site.clock.lower() ?? 0;
  }

  private held(view: LockView): LockHeldError {
    const where = `message ${this.cfg.site.ts} in ${this.cfg.site.channel}`;
    if ('claim' in view) {
      const c = view.claim;
      const left = Math.round(c.expiresAt - this.now());
      return new LockHeldError(
        `${where} is held by ${c.host} since ${new Date(c.since * 1000).toISOString()} (claim ${c.token}, lease ${left} s left); wait for its release, or break it once it expires`,
        { state: view.state, host: c.host, token: c.token, since: c.since, leaseLeftS: c.expiresAt - this.now() },
      );
    }
    if (view.state === 'reserved') {
      return new LockHeldError(`${where} was just broken by ${view.by}, who may take it first; try again in ${Math.ceil(view.until - this.now())} s`, {
        state: 'reserved',
        host: view.by,
      });
    }
    return new LockHeldError(`${where} is pinned with no claim (${view.state}); it may be broken after the grace of ${this.cfg.timing.graceS} s`, {
      state: view.state === 'free' ? 'unclaimed' : view.state,
    });
  }
}
