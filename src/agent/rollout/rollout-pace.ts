import type { RolloutAction } from '../../protocol/index.js';
import { CHANNEL_POLL_SHARE as CHANNEL_POLLS, FIRST_HOSTS_IDLE_BONUS, intervalWithinShare, TIER_PER_MINUTE } from '../budget.js';

/**
 * How a rollout spends the app's allowances (Slack counts each method's tier per app, so the
 * whole fleet shares one): parts of each tier, by what a host is waiting for. The rest of
 * conversations.replies is left to heartbeats' roster reads (30 % of it when idle, 10 % while
 * following a rollout) and the lock's own reads; the rest of
 * conversations.history to the agents' channel polls (60 % of it from hosts that follow no
 * rollout, 10 % from hosts that do: see `watchRoom`).
 */
const SHARE = {
  /**
   * conversations.history, for the host next in line (1) and the one after it (2) watching the
   * command message. Place 2 must see place 1 claim before that turn ends (a no-op turn lasts
   * two seconds), so it looks nearly as often; what it finds changed it reads in full at most
   * at `place2Reads`.
   */
  watch: { 1: 0.3, 2: 0.35 },
  /** pins.list (Tier 2), for the host next in line watching the pin (the dashboard spends 20 %). */
  watchPins: 0.75,
  /** conversations.replies, for the full reads of the host next in line. */
  next: 0.15,
  /** conversations.replies, for the full reads of the host at place 2 (each change it sees). */
  place2Reads: 0.2,
  /** conversations.replies, for hosts three or more places back (see `LOOKS_PER_APPROACH`). */
  queue: 0.25,
  /** conversations.replies, for hosts whose part is over, split evenly. */
  finished: 0.05,
  /** conversations.replies, for the other waits (the plan, a halt, a person), split evenly. */
  other: 0.3,
} as const;

/** Seconds in which every idle agent polls the channel once (the interval agent.ts polls at, without its floor). */
export function idlePollRoundS(fleetSize: number, rateScale: number): number {
  return intervalWithinShare({ fleetSize, tierPerMinute: TIER_PER_MINUTE.tier3, share: CHANNEL_POLLS.idle, scale: rateScale, minMs: 0 }) / 1000;
}

/** Looks a host three or more places back spends on its way to place 2 (¾ of the way each time, from up to 30 places back). */
const LOOKS_PER_APPROACH = 3;

/** The host next in line reads its thread in full at least this often (leases run out with no new reply). */
export const FULL_READ_EVERY_MS = 15_000;

export interface PaceInput {
  /** What `nextAction` asked. */
  action: RolloutAction;
  /** Seconds it asked to wait (or the fast poll after another action). */
  pollS: number;
  /** Watching the command message between full reads: at which place, and whether only its pin matters. */
  watch?: { place: number; pinOnly: boolean };
  /** Live agents sharing the app. */
  fleetSize: number;
  /** Hosts in the rollout's plan (they follow it; the rest of the fleet polls the channel at the idle share). */
  planSize?: number;
  /** Seconds since the command: within one idle round of channel polls, most hosts have not found it yet. */
  sinceCommandS?: number;
  /** The local Slack's scale of its tiers (1 for Slack). */
  rateScale: number;
}

/**
 * The part of the watchers' conversations.history shares the fleet leaves them (at most 1): what
 * remains of 90 % of the tier after the channel polls of the hosts in the plan (following) and of
 * the rest of the fleet (idle). A whole fleet in the plan leaves 80 %: the watchers' 65 % fit.
 * Until one idle round of channel polls has passed since the command (`settled` false), hosts in
 * the plan may not have found it yet and still poll at the idle share. The first hosts of the
 * roster poll more while idle (`idleBonus`); they are counted idle only in the part of the fleet
 * left out of the plan: they are the plan's first hosts, and the first to find the command.
 */
export function watchRoom(fleetSize: number, planSize: number, settled = true): number {
  const fleet = Math.max(1, fleetSize);
  const inPlan = Math.min(1, Math.max(0, planSize) / fleet);
  const following = settled ? inPlan : 0;
  const bonus = FIRST_HOSTS_IDLE_BONUS.reduce((sum, b) => sum + b, 0) * (1 - inPlan);
  const left = 0.9 - CHANNEL_POLLS.idle * (1 - following) - CHANNEL_POLLS.following * following - bonus;
  return Math.min(1, Math.max(0.1, left) / (SHARE.watch[1] + SHARE.watch[2]));
}

/** Milliseconds between calls when `perMinute` calls a minute are allowed. */
const every = (perMinute: number): number => Math.ceil(60_000 / perMinute);

/** The shortest pause before the next look that keeps the fleet inside its shares. */
export function paceMs(input: PaceInput): number {
  const tier3 = TIER_PER_MINUTE.tier3 * input.rateScale;
  const { watch, action } = input;
  if (watch) {
    const settled = (input.sinceCommandS ?? Infinity) >= idlePollRoundS(input.fleetSize, input.rateScale);
    const room = watchRoom(input.fleetSize, input.planSize ?? input.fleetSize, settled);
    const history = tier3 * room * (watch.place === 1 ? SHARE.watch[1] : SHARE.watch[2]);
    const pins = watch.place === 1 && watch.pinOnly ? TIER_PER_MINUTE.tier2 * input.rateScale * SHARE.watchPins : 0;
    return every(history + pins);
  }
  // A host held back by the roster (the peer guard, its own heartbeat) is about to take its turn.
  if (waitsOnRoster(action)) return every(tier3 * SHARE.next);
  // The host that posted the plan (or a slot's lock message) is usually the one to claim next:
  // it looks again at the fast poll. Each is posted once a rollout (or slot), so this costs nothing.
  if (action.kind === 'post-plan' || action.kind === 'post-slot') return 0;
  const place = action.kind === 'wait' ? action.place : undefined;
  if (place === undefined) {
    if (action.kind !== 'wait') return every(tier3 * SHARE.next);
    return every((tier3 * (action.finished ? SHARE.finished : SHARE.other)) / Math.max(1, input.fleetSize));
  }
  if (place <= 2) return every(tier3 * SHARE.next);
  // A host further back looks again when ¾ of the turns ahead of it will have passed, so each look
  // lands at about a quarter of its place and a host spends about LOOKS_PER_APPROACH looks on its
  // way to place 2. Turns quicker than the queue's allowance are counted as that long.
  return Math.ceil(0.75 * (place - 1) * queueTurnS(input.planSize ?? input.fleetSize, tier3) * 1000);
}

/**
 * The shortest turn the queue's looks can keep up with, in seconds. A rollout of `hosts` sends
 * hosts − 2 through the queue, each spending LOOKS_PER_APPROACH looks; the queue may spend its
 * share of the method's burst (a minute's worth) and of its rate over the rollout's hosts × turn
 * seconds: 3 (n − 2) ≤ share × tier × (1 + n × turn / 60). A short rollout rides on the burst
 * (about 5.5 s at ten hosts), a long one on the rate (11.4 s at thirty; never above the pace that
 * spends three looks a turn at the rate alone).
 */
export function queueTurnS(hosts: number, tierPerMinute: number): number {
  const allowance = tierPerMinute * SHARE.queue;
  const looks = LOOKS_PER_APPROACH * Math.max(0, hosts - 2);
  const sustained = (LOOKS_PER_APPROACH * 60) / allowance;
  return Math.min(sustained, Math.max(0, (60 * (looks / allowance - 1)) / Math.max(1, hosts)));
}

/**
 * `conversations.replies` calls every turn costs whatever the paces: the lock's reads after its
 * claim and after its release (DESIGN §4.5), and the next host's reads of the thread (when it
 * finds itself next in line, the claim ahead in the thread) and of the roster (once in the turn
 * ahead). It claims when it sees the pin go, with no read first (§5.2). A spacing for three reads
 * (5.3 s at thirty) outran the queue: hosts further back, which look at the shortest turn their
 * share keeps up with (`queueTurnS`), arrived after their turn.
 */
export const READS_PER_TURN = 4;
/** The part of conversations.replies the turns' own reads may spend: what heartbeats (10 % while following), place 2 and the queue leave. */
const TURN_SHARE = 0.45;
/**
 * The part of the method's burst (a minute's worth) the turns may spend: heartbeats and place 2
 * read at their pace, so the burst a rollout starts with is the turns' and the queue's (25 %).
 */
const TURN_BURST_SHARE = 0.6;

/**
 * The shortest time from one claim to the next, in seconds, that the turns' reads sustain: the
 * host next in line reads the thread no sooner after the holder's claim. A rollout of n hosts
 * spends n × 4 reads on its turns: its part of the burst, then its share of the rate over
 * n × spacing: n × 4 ≤ tier × (burst share + share × n × spacing / 60). 2.7 s at ten hosts (a
 * no-op turn with its handoff takes about as long), 8 s at thirty: the turns meet no 429 once
 * the burst is spent, instead of going faster and then waiting out `Retry-After`.
 */
export function turnSpacingS(hosts: number, tierPerMinute: number): number {
  const n = Math.max(1, hosts);
  const beyondBurst = READS_PER_TURN * n - tierPerMinute * TURN_BURST_SHARE;
  return Math.max(0, (60 * beyondBurst) / (tierPerMinute * TURN_SHARE * n));
}

/** A wait on the roster (peer guard, own heartbeat): the thread does not say when it ends. */
export function waitsOnRoster(action: RolloutAction): boolean {
  return action.kind === 'wait' && action.onRoster === true;
}

/** The place (1 or 2) from which this host watches the command message between full reads, if any. */
export function watchPlace(action: RolloutAction): number | undefined {
  if (action.kind !== 'wait' || waitsOnRoster(action) || action.place === undefined || action.place > 2) return undefined;
  return action.place;
}

/**
 * How long after its last full read a watching host may read in full again. Place 2 sees every
 * reply of the turn ahead (progress, done, release, the next claim) and reads only the first change
 * in this spacing; place 1 reads at once (the pin's removal is its turn).
 */
export function fullReadSpacingMs(place: number | undefined, rateScale: number): number {
  return place === 2 ? every(TIER_PER_MINUTE.tier3 * rateScale * SHARE.place2Reads) : 0;
}
