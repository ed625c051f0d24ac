import { claimDue, claimOnRelease, decodeThread, threadBefore, nextAction, parseCommand, reduceRollout, type ActionOptions, type ClaimedTurn, type FleetState, type RolloutAction, type RolloutState } from '../../protocol/index.js';
import { readFleet } from './read-fleet.js';
import { LockHeldError, WITHDRAWN, type PinLock } from '../../slackmq/index.js';
import type { AgentServices } from '../deploy-handler.js';
import { FULL_READ_EVERY_MS, fullReadSpacingMs, paceMs, turnSpacingS, waitsOnRoster, watchPlace } from './rollout-pace.js';
import type { DueCheck } from './host-turn.js';
import { TIER_PER_MINUTE } from '../budget.js';
import { describe } from '../thread.js';
import { Wakeup } from '../wakeup.js';
import { ThreadWatch } from './thread-watch.js';
import { pinLock, resumeLease, type LockSettings } from './held-lease.js';
import { makePlan, PlanRefusedError, type RolloutCommand } from './plan-rollout.js';
import { promoteByReaction } from './reaction-promote.js';
import type { RolloutThread, ThreadMessage } from './rollout-thread.js';
import type { ClaimAction } from './host-turn.js';
import { POST_SPACING_MS } from './post-pacer.js';
import type { SlackNow } from './slack-now.js';
import type { FetchAhead } from './fetch-ahead.js';

export interface RunnerDeps {
  services: AgentServices;
  thread: RolloutThread;
  clock: SlackNow;
  /** The bot that writes troupe's records: only its records count. */
  trustedAuthor?: string;
  lockSettings: (leaseS: number) => LockSettings;
  /** Whether this host is in a turn right now (of any rollout). */
  busy: () => boolean;
  /**
   * Starts this host's turn in the background; `seenAt` (performance.now()) is when the thread was
   * read. `due`: the claim was made without a look, and the lock's read after it decides.
   */
  startTurn: (rollout: string, action: ClaimAction, seenAt: number, due?: DueCheck) => void;
  /**
   * The clone's fetches: ahead of this host's turn (a claim worked out while the turn ahead runs,
   * or one that waits out the second after the thread's last post), and the plan's.
   */
  fetches: FetchAhead;
  signal: AbortSignal;
}


/** A release's read this recent stands in for the runner's next read of the thread. */
const SEEN_FRESH_MS = 5000;
/** Phases in which nothing happens until a person steers again (retry, rollback, promote). */
const RESTING = new Set(['halted', 'aborted', 'done', 'rolled-back']);

/**
 * Follows one rollout on this host (DESIGN §5, I1): read the thread, reduce it, ask the
 * protocol's `nextAction`, do that, and again. Nothing but the thread and the journal decides.
 * Ends when the rollout rests (done, halted, refused); a steering command starts it again.
 */
export class RolloutRunner {
  readonly #deps: RunnerDeps;
  readonly #wake = new Wakeup();
  #keepUntil = 0;
  /** No look before this (performance.now() ms): a claim that just found the lock held. */
  #notBefore = 0;
  #running: Promise<void> | undefined;
  #lastSaid = '';
  readonly #breakers = new Map<string, PinLock>();
  /** The fleet as last read for a plan or a claim. */
  #fleet: FleetState | undefined;
  readonly #watch: ThreadWatch;
  /** The last step found this host next in line (1) or the one after (2): look at the command message first. */
  #watchPlace: number | undefined;
  #lastAction: RolloutAction = { kind: 'none', reason: 'not looked yet' };
  #lastPollS = 0;
  /** performance.now() of the last full read, and the plan's length it showed. */
  #readAt = -Infinity;
  /** The thread as this host's own release read it (`seen`), for the next look. */
  #seen: { messages: ThreadMessage[]; at: number } | undefined;
  #planSize: number | undefined;
  /** Slack time of the claim another host holds, as the last full read showed it (the latest, over the slots). */
  #heldSince: number | undefined;
  /** The claim this host makes when it sees the pin of the turn ahead go (`claimOnRelease`). */
  #onRelease: ClaimAction | undefined;

  constructor(deps: RunnerDeps) {
    this.#deps = deps;
    this.#watch = new ThreadWatch(deps.thread, FULL_READ_EVERY_MS);
  }

  get ts(): string {
    return this.#deps.thread.ts;
  }

  /** Runs (or keeps running) for at least `minMs` more, even if the rollout rests meanwhile. */
  start(minMs = 0): void {
    this.#keepUntil = Math.max(this.#keepUntil, performance.now() + minMs);
    this.#wake.wake();
    this.#running ??= this.#loop().finally(() => (this.#running = undefined));
  }

  get running(): boolean {
    return this.#running !== undefined;
  }

  /**
   * Something happened in the thread (a Socket Mode event, which reaches one agent of the fleet):
   * the host next in line looks at once; the others keep their pace.
   */
  hint(): void {
    this.#watch.hint();
    if (this.#watchPlace !== undefined) this.#wake.wake();
  }

  /**
   * This host's turn released the lock on the command message: `thread` is what the release read
   * just before it removed the pin. The next look starts from it instead of reading the thread
   * again (each turn otherwise read it once more to find that the host has finished).
   */
  seen(thread: readonly unknown[]): void {
    this.#seen = { messages: this.#deps.thread.unpinned(thread), at: performance.now() };
  }

  /** The release's read, if it is fresh and newer than this runner's own last read. */
  #takeSeen(): { messages: ThreadMessage[]; at: number } | undefined {
    const seen = this.#seen;
    this.#seen = undefined;
    return seen && seen.at > this.#readAt && performance.now() - seen.at < SEEN_FRESH_MS ? seen : undefined;
  }

  /** Looks again now, or (with `pauseMs`) not before that long from now. */
  wake(pauseMs = 0): void {
    this.#notBefore = performance.now() + pauseMs;
    if (pauseMs === 0) this.#wake.wake();
  }

  async #loop(): Promise<void> {
    const { services, signal } = this.#deps;
    while (!signal.aborted) {
      let pollS: number;
      try {
        const seen = this.#takeSeen();
        const look = seen || this.#watchPlace === undefined ? undefined : await this.#watch.look();
        const onRelease = look?.kind === 'pin-gone' && !this.#deps.busy() ? this.#onRelease : undefined;
        if (seen) pollS = await this.#step(seen);
        else if (look?.kind === 'unchanged') pollS = this.#lastPollS;
        else if (look?.kind === 'pin-gone' && onRelease) pollS = await this.#claimOnRelease(onRelease, look.latestReply);
        else {
          await this.#spaceFullRead(signal);
          pollS = await this.#step();
        }
      } catch (error) {
        services.logger.warn(`rollout ${this.ts}: ${describe(error)}; trying again`);
        pollS = services.config.rollout.fastPoll;
      }
      if (pollS < 0) return;
      await this.#wake.sleep(Math.max(pollS * 1000, this.#budgetMs(pollS)), { wakeable: true, abort: signal });
      await this.#pause(signal);
    }
  }

  /**
   * A watching host that found the thread moved reads it in full no sooner than its place allows,
   * and the host next in line no sooner after the holder's claim than the turns' reads sustain.
   */
  async #spaceFullRead(signal: AbortSignal): Promise<void> {
    const { rateScale } = this.#deps.services.config.slack;
    let left = this.#readAt + fullReadSpacingMs(this.#watchPlace, rateScale) - performance.now();
    const now = this.#deps.clock.now();
    if (this.#watchPlace === 1 && this.#heldSince !== undefined && now > 0) {
      const spacingS = turnSpacingS(this.#planSize ?? 1, TIER_PER_MINUTE.tier3 * rateScale);
      left = Math.max(left, (this.#heldSince + spacingS - now) * 1000);
    }
    if (left > 0) await this.#wake.sleep(left, { wakeable: false, abort: signal });
  }

  /** Waits out a pause asked for by `wake(pauseMs)` (a later `wake()` ends it). */
  async #pause(signal: AbortSignal): Promise<void> {
    for (let left = this.#notBefore - performance.now(); left > 0 && !signal.aborted; left = this.#notBefore - performance.now()) {
      await this.#wake.sleep(left, { wakeable: true, abort: signal });
    }
  }

  #budgetMs(pollS: number): number {
    const { config, fleet } = this.#deps.services;
    const fleetSize = fleet().hosts.filter((h) => !h.stale).length;
    const place = this.#watchPlace;
    const watch = place === undefined ? undefined : { place, pinOnly: this.#watch.pinOnly };
    const now = this.#deps.clock.now();
    const sinceCommandS = now > 0 ? now - Number(this.ts) : undefined;
    return paceMs({ action: this.#lastAction, pollS, watch, fleetSize, planSize: this.#planSize, sinceCommandS, rateScale: config.slack.rateScale });
  }

  /** One look at the rollout; returns seconds until the next, or -1 when it rests. */
  async #step(seen?: { messages: ThreadMessage[]; at: number }): Promise<number> {
    const { services, clock, thread } = this.#deps;
    const messages = seen?.messages ?? (await thread.read());
    const seenAt = seen?.at ?? performance.now();
    this.#readAt = seenAt;
    const fleet = this.#fleetView();
    clock.observe(Math.max(0, ...fleet.hosts.map((h) => h.heartbeatAt)));
    const now = clock.now();
    const { lockDelay, grace } = services.config.rollout;
    const state = reduceRollout(messages, { now, trustedAuthor: this.#deps.trustedAuthor, timing: { lockDelayS: lockDelay, graceS: grace } });
    this.#planSize = state.plan?.order.length;
    if (state.plan === undefined && this.#refused(messages)) return this.#rest();
    const action = nextAction(state, { ...fleet, now }, services.config.host, now, this.#actionOptions());
    this.#say(action);
    if (state.phase === 'canary-healthy') await promoteByReaction(state, messages, this.#deps);
    const confirmed = await this.#confirm(action, state);
    const pollS = await this.#perform(confirmed, state, messages, seenAt);
    const rests = action.kind === 'wait' && (state.phase === 'halted' ? state.haltRecorded : RESTING.has(state.phase));
    this.#watchPlace = rests ? undefined : watchPlace(confirmed);
    const others = state.slots.flatMap((slot) => ('claim' in slot.lock && slot.lock.claim.host !== services.config.host ? [slot.lock.claim.since] : []));
    this.#heldSince = others.length > 0 ? Math.max(...others) : undefined;
    const pinOnly = this.#watchPlace === 1 && others.length > 0;
    this.#watch.read(messages, pinOnly);
    this.#onRelease = pinOnly ? await this.#claimAhead(state) : undefined;
    this.#lastAction = confirmed;
    this.#lastPollS = pollS;
    return rests || pollS < 0 ? this.#rest() : pollS;
  }

  /** The runner's own roster read (before a plan or a claim) is newer than the heartbeat's until the next beat. */
  #fleetView(): FleetState {
    const known = this.#deps.services.fleet();
    return this.#fleet && this.#fleet.now > known.now ? { ...known, ...this.#fleet } : known;
  }

  #actionOptions(): ActionOptions {
    const o = this.#deps.services.config.rollout;
    return { fastPollS: o.fastPoll, slowPollS: o.slowPoll, backoffS: o.backoff };
  }

  /**
   * Next in line while another host holds the command's pin: the claim to make when that pin
   * goes (DESIGN §5.2). The roster is read once in the turn ahead, after its claim: the holder's
   * `done` newer than that read stands in for its beat, so no read is needed when the pin goes.
   */
  async #claimAhead(state: RolloutState): Promise<ClaimAction | undefined> {
    const { services, clock } = this.#deps;
    if (this.#heldSince === undefined) return undefined;
    if (!this.#fleet || this.#fleet.now < this.#heldSince) this.#fleet = await readFleet(services, clock, this.#deps.trustedAuthor);
    const claim = claimOnRelease(state, this.#fleetView(), services.config.host, clock.now(), this.#actionOptions());
    if (claim?.messageTs !== this.ts) return undefined;
    this.#deps.fetches.start(claim.sha);
    return claim;
  }

  /**
   * The pin of the turn ahead went: claim at once, without reading the thread first. The claim
   * follows the thread's last post (the release) by Slack's pace of posts, and the claim ahead by
   * no less than the turns' reads sustain (`turnSpacingS`); the lock's read after it decides
   * whether the turn was this host's (`#due`).
   */
  async #claimOnRelease(claim: ClaimAction, latestReply: string | undefined): Promise<number> {
    this.#onRelease = undefined;
    const { clock, services } = this.#deps;
    const last = latestReply ?? (await this.#deps.thread.mark().catch(() => undefined))?.latestReply;
    const spacingS = turnSpacingS(this.#planSize ?? 1, TIER_PER_MINUTE.tier3 * services.config.slack.rateScale);
    const notBefore = Math.max(last === undefined ? 0 : Number(last) + POST_SPACING_MS / 1000, (this.#heldSince ?? 0) + spacingS);
    const waitMs = (notBefore - clock.now()) * 1000;
    if (waitMs > 0 && clock.now() > 0) await this.#wake.sleep(waitMs, { wakeable: false, abort: this.#deps.signal });
    this.#say(claim);
    this.#deps.startTurn(this.ts, claim, performance.now(), (seen, token) => this.#due(claim, seen, token));
    this.#watchPlace = undefined;
    this.#lastAction = claim;
    this.#lastPollS = this.#deps.services.config.rollout.fastPoll;
    return this.#lastPollS;
  }

  /**
   * Whether a claim made without a look was due when it was made: on the thread as the lock's
   * read after it showed it, up to the claim (the claim, its pin and what came after it left
   * out, as a look just before the claim would have shown it); undefined when it was, else why
   * not. A wait on the roster is judged again on a fresh roster read.
   */
  async #due(claim: ClaimedTurn, seen: readonly unknown[], token: string): Promise<string | undefined> {
    const { services, clock, thread } = this.#deps;
    const messages = threadBefore(thread.unpinned(seen), token);
    const { lockDelay, grace } = services.config.rollout;
    const state = reduceRollout(messages, { now: clock.now(), trustedAuthor: this.#deps.trustedAuthor, timing: { lockDelayS: lockDelay, graceS: grace } });
    let verdict = claimDue(state, this.#fleetView(), services.config.host, clock.now(), claim, this.#actionOptions());
    if (!verdict.due && waitsOnRoster(verdict.action)) {
      this.#fleet = await readFleet(services, clock, this.#deps.trustedAuthor);
      verdict = claimDue(state, this.#fleetView(), services.config.host, clock.now(), claim, this.#actionOptions());
    }
    if (verdict.due) return undefined;
    const { action } = verdict;
    return action.kind === 'wait' || action.kind === 'none' ? action.reason : `the thread asks for ${action.kind}`;
  }

  /**
   * The lock of a slot as a breaker sees it: one per message for the runner's life, so that its
   * Slack clock keeps running between looks (a quiet thread shows no newer ts to judge by).
   */
  #breaker(messageTs: string): PinLock {
    let lock = this.#breakers.get(messageTs);
    if (!lock) {
      lock = pinLock(this.#deps.lockSettings(this.#deps.services.config.lease), messageTs);
      this.#breakers.set(messageTs, lock);
    }
    return lock;
  }

  /** A plan or a claim is decided again on the roster as it is now, not as the last heartbeat saw it. */
  async #confirm(action: RolloutAction, state: RolloutState): Promise<RolloutAction> {
    // A turn held back by the roster (peer guard, own heartbeat) is looked at again on a fresh read.
    if (action.kind !== 'post-plan' && action.kind !== 'claim' && !waitsOnRoster(action)) return action;
    const { services, clock } = this.#deps;
    this.#fleet = await readFleet(services, clock, this.#deps.trustedAuthor);
    const again = nextAction(state, this.#fleet, services.config.host, clock.now(), this.#actionOptions());
    this.#say(again);
    return again;
  }

  /** Logs what this host is doing about the rollout whenever that changes. */
  #say(action: RolloutAction): void {
    const line = action.kind === 'wait' || action.kind === 'none' ? `${action.kind}: ${action.reason}` : action.kind;
    if (line !== this.#lastSaid) this.#deps.services.logger.info(`rollout ${this.ts}: ${line}`);
    this.#lastSaid = line;
  }

  #rest(): number {
    return performance.now() < this.#keepUntil ? this.#deps.services.config.rollout.fastPoll : -1;
  }

  /** A rollout refused before any plan: a `halted` record and no plan. */
  #refused(messages: ThreadMessage[]): boolean {
    return decodeThread(messages).some((r) => r.kind === 'halted' && (this.#deps.trustedAuthor === undefined || r.author === this.#deps.trustedAuthor));
  }

  async #perform(action: RolloutAction, state: RolloutState, messages: ThreadMessage[], seenAt: number): Promise<number> {
    const { services, thread } = this.#deps;
    const { host } = services.config;
    const fast = services.config.rollout.fastPoll;
    // Busy with a turn: the turn's end wakes this runner, so there is nothing to poll for.
    if (this.#deps.busy() && action.kind !== 'wait' && action.kind !== 'none') return services.config.rollout.slowPoll;
    switch (action.kind) {
      case 'none':
        return -1;
      case 'wait':
        return action.pollS;
      case 'post-plan':
        await this.#postPlan(messages, state);
        return fast;
      case 'post-slot':
        await thread.post('slot', { index: action.index });
        return fast;
      case 'claim': {
        // Slack takes about one post a second in a channel, and the turn ahead has just posted its
        // last: the claim follows it by at least that (a quick handoff otherwise meets a 429).
        const lastPostS = Math.max(...messages.map((m) => Number(m.ts)));
        const waitMs = (lastPostS + POST_SPACING_MS / 1000 - this.#deps.clock.now()) * 1000;
        // The preflight's fetch runs during that wait (unless one made during the turn ahead serves).
        this.#deps.fetches.start(action.sha);
        if (waitMs > 0) await this.#wake.sleep(waitMs, { wakeable: false, abort: this.#deps.signal });
        this.#deps.startTurn(this.ts, action, seenAt);
        return fast;
      }
      case 'continue':
        await this.#abandon(action, state, messages);
        return fast;
      case 'release':
        await this.#releaseStale(action.token, action.messageTs ?? this.ts, action.result, state);
        return fast;
      case 'break': {
        const outcome = await this.#breaker(action.messageTs ?? this.ts).breakExpired(action.reason);
        services.logger.info(`rollout ${this.ts}: break of ${action.token ?? 'an unclaimed pin'}: ${outcome.outcome}`);
        if (outcome.outcome === 'broken' && action.halt) await thread.post('halted', { code: 'lost', reason: clip(action.halt.reason), host: action.halt.host, by: host });
        return fast;
      }
      case 'halt':
        await thread.post('halted', { code: action.code, reason: clip(action.reason), host: action.host, by: host });
        return fast;
    }
  }

  async #postPlan(messages: ThreadMessage[], state: RolloutState): Promise<void> {
    const { services, thread } = this.#deps;
    const parent = messages.find((m) => m.ts === this.ts);
    const parsed = parseCommand(parent?.text ?? '');
    if (parsed.kind !== 'deploy' || (parsed.action !== 'canary' && parsed.action !== 'rolling')) return;
    try {
      let keep: ((sha: string) => void) | undefined;
      const fetch = async () => void (keep = await this.#deps.fetches.forPlan());
      const plan = await makePlan(services.config, parsed as RolloutCommand, this.#fleet ?? services.fleet(), state.commandBy ?? parent?.user ?? 'unknown', fetch);
      await thread.post('plan', plan);
      keep?.(plan.sha);
    } catch (error) {
      if (!(error instanceof PlanRefusedError)) throw error;
      await thread.post('halted', { code: 'error', reason: clip(`refused: ${error.message}`), by: services.config.host });
    }
  }

  /**
   * This host holds a claim but is not updating (it restarted before the update began). A claim
   * the thread did not ask for (one made on the pin's removal, whose process ended before its
   * check, DESIGN §5.2) is withdrawn: the turn was not this host's, and a `failed` record would
   * spend the budget of a rollout that had failed or paused. Any other is its turn: say so and
   * let go.
   */
  async #abandon(action: Extract<RolloutAction, { kind: 'continue' }>, state: RolloutState, messages: ThreadMessage[]): Promise<void> {
    const { services, thread } = this.#deps;
    const { token } = action;
    const messageTs = this.#slotTs(token, state);
    const claim = state.holders.find((c) => c.token === token);
    const turn: ClaimedTurn = { slot: action.slot, messageTs, purpose: action.purpose, sha: claim?.toSha ?? '' };
    const why = await this.#due(turn, messages, token).catch((error: unknown) => `the check failed: ${describe(error)}`);
    if (why !== undefined) {
      services.logger.info(`rollout ${this.ts}: claim ${token} withdrawn after a restart, not this host's turn: ${why}`);
      await this.#releaseStale(token, messageTs, WITHDRAWN, state);
      return;
    }
    await thread.post('failed', { host: services.config.host, reason: 'the agent restarted before its update began; nothing changed', token });
    await this.#releaseStale(token, messageTs, 'failed', state);
  }

  /** Releases a claim of this host's that no turn in this process holds (compare-and-delete). */
  async #releaseStale(token: string, messageTs: string, result: string, state: RolloutState): Promise<void> {
    const claim = state.holders.find((c) => c.token === token);
    if (!claim) return;
    const held = {
      rollout: this.ts, messageTs, token, nonce: claim.nonce, purpose: 'update' as const, sha: claim.toSha ?? '',
      claim: { v: 1, host: claim.host, nonce: claim.nonce, lease_s: claim.leaseS, from_sha: claim.fromSha, to_sha: claim.toSha },
    };
    const outcome = await resumeLease(this.#deps.lockSettings(claim.leaseS), held).release(result).catch((error: unknown) => {
      if (error instanceof LockHeldError) return undefined;
      throw error;
    });
    this.#deps.services.logger.info(`rollout ${this.ts}: released stale claim ${token} (${JSON.stringify(outcome)})`);
  }

  #slotTs(token: string, state: RolloutState): string {
    return state.slots.find((s) => 'claim' in s.lock && s.lock.claim.token === token)?.messageTs ?? this.ts;
  }
}

function clip(text: string): string {
  return text.length > 500 ? `${text.slice(0, 499)}…` : text || 'unknown';
}
