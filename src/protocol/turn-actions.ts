/** The parts of `nextAction`: holding, breaking, finishing and taking a turn. */
import { tsToSeconds } from '../slackmq/slack-ts.js';
import { isFreshAndHealthy, type AgentView, type FleetState } from './reduce-fleet.js';
import type { ActionPurpose, RolloutAction } from './rollout-action.js';
import type { HostRollout, PlanView, RolloutState, SlotState } from './rollout-state.js';
import type { ActionOptions } from './next-action.js';

export interface ActionContext {
  rollout: RolloutState;
  fleet: FleetState;
  me: string;
  now: number;
  options: ActionOptions;
  self?: HostRollout;
}

const wait = (pollS: number, reason: string, place?: number): RolloutAction => ({ kind: 'wait', pollS, reason, ...(place === undefined ? {} : { place }) });

/**
 * Turn-taking for chores anyone may do (post the plan, post a halt, break a lock): the first
 * candidate acts at once, the one at place p after p × backoff since `since`, so a dead first
 * candidate delays the chore without a herd.
 */
export function choreTurn(ctx: ActionContext, candidates: readonly string[], since: number, backoffS = ctx.options.backoffS): { now: boolean; waitS: number } | undefined {
  const place = candidates.indexOf(ctx.me);
  if (place < 0) return undefined;
  const at = since + place * backoffS;
  return { now: ctx.now >= at, waitS: Math.max(1, Math.min(ctx.options.slowPollS, at - ctx.now)) };
}

/** Hosts up in the roster (fresh; idle, healthy or busy updating), optionally kept in `among`'s order. */
export function freshHosts(fleet: FleetState, among?: readonly string[]): string[] {
  const up = fleet.hosts.filter((a) => !a.stale && a.state !== 'lost' && a.state !== 'stopping' && a.state !== 'failed').map((a) => a.host);
  return among ? among.filter((h) => up.includes(h)) : up;
}

/**
 * This host holds a claim: carry on, or release it once finished. A claim someone broke (the
 * lease ran out) is shown by slackmq as `held` with `broken` until its lease is over: its holder
 * finishes or reverts the step in progress, starts nothing new, and never touches the pin (I3).
 */
export function holderAction(ctx: ActionContext): RolloutAction | undefined {
  for (const slot of ctx.rollout.slots) {
    const lock = slot.lock;
    if ((lock.state !== 'held' && lock.state !== 'expired' && lock.state !== 'mine') || lock.claim.host !== ctx.me) continue;
    const broken = lock.state === 'held' && lock.broken === true;
    const expired = lock.state === 'expired' || broken;
    const status = ctx.self?.status === 'lost' && expired ? ctx.self.lostWhile : ctx.self?.status;
    if (status === 'updating' || status === 'rolling-back') {
      const purpose: ActionPurpose = status === 'rolling-back' ? 'rollback' : ctx.rollout.plan?.mode === 'canary' && ctx.self?.index === 0 && !ctx.rollout.promoted ? 'canary' : 'update';
      return { kind: 'continue', purpose, slot: slot.index, token: lock.claim.token, expired, ...(broken ? { broken } : {}) };
    }
    if (broken) return wait(ctx.options.slowPollS, `the claim ${lock.claim.token} of ${ctx.me} was broken; the pin is not ${ctx.me}'s to remove`);
    return { kind: 'release', slot: slot.index, messageTs: slot.messageTs, token: lock.claim.token, result: status ?? 'abandoned' };
  }
  return undefined;
}

/**
 * An expired claim, or a pin left without a claim past its grace: the first fresh planned host
 * breaks it; the others wait for that (rather than, say, posting a halt of their own).
 */
export function breakAction(ctx: ActionContext): RolloutAction | undefined {
  const plan = ctx.rollout.plan;
  if (!plan) return undefined;
  let pending: RolloutAction | undefined;
  for (const slot of ctx.rollout.slots) {
    const lock = slot.lock;
    if (lock.state === 'expired') {
      const victim = lock.claim.host;
      const turn = choreTurn(ctx, freshHosts(ctx.fleet, plan.order).filter((h) => h !== victim), lock.claim.breakableAt);
      const reason = `lost host ${victim}: lease of claim ${lock.claim.token} expired`;
      if (!turn?.now) {
        pending ??= wait(turn?.waitS ?? ctx.options.fastPollS, `waiting for the break of ${victim}'s expired claim`);
        continue;
      }
      const halt = plan.continueOnLost ? undefined : { code: 'lost' as const, reason, host: victim };
      return { kind: 'break', slot: slot.index, messageTs: slot.messageTs, token: lock.claim.token, victim, reason, halt };
    }
    if (lock.state === 'unclaimed' && lock.breakable && lock.pin.created !== undefined) {
      const turn = choreTurn(ctx, freshHosts(ctx.fleet, plan.order), lock.breakableAt);
      if (!turn?.now) {
        pending ??= wait(turn?.waitS ?? ctx.options.fastPollS, `waiting for the break of the pin without a claim on slot ${slot.index}`);
        continue;
      }
      return { kind: 'break', slot: slot.index, messageTs: slot.messageTs, token: null, pinCreated: lock.pin.created, reason: 'pinned without a claim' };
    }
  }
  return pending;
}

/** This host has finished its part (or cannot take part): wait for the rest, or stop. */
export function finishedAction(ctx: ActionContext): RolloutAction | undefined {
  const { rollout, self } = ctx;
  if (rollout.phase === 'done' || rollout.phase === 'rolled-back' || rollout.phase === 'aborted') return { kind: 'none', reason: `the rollout is ${rollout.phase}` };
  if (!self || self.status === 'pending' || self.status === 'updating' || self.status === 'rolling-back') return undefined;
  if (rollout.phase === 'rolling-back' && rollout.rollbackQueue.includes(ctx.me)) return undefined;
  return { kind: 'wait', pollS: ctx.options.slowPollS, reason: `${ctx.me} is ${self.status}; waiting for the rest of the rollout`, finished: true };
}

/** A halt derived from the roster, and the Slack time it became due (for `haltAction`'s turn-taking). */
export interface DueHalt {
  halt: NonNullable<RolloutState['halt']>;
  since: number;
}

/**
 * A planned host's agent gone for good: lost (no heartbeat for the lost threshold), or stopped
 * and silent since. Says how and since when, or undefined for a host that is up, or merely stale
 * or unhealthy for now (restarting, say), which the peer guard just waits out.
 */
export function goneAgent(agent: AgentView | undefined): { how: string; since: number } | undefined {
  if (!agent) return undefined;
  const age = `no heartbeat for ${Math.round(agent.ageS)} s`;
  if (agent.state === 'lost') return { how: `is lost (${age})`, since: agent.lostAt };
  if (agent.state === 'stopping' && agent.stale) return { how: `stopped (${age})`, since: agent.staleAt };
  return undefined;
}

/** How many other planned hosts may be down when a host goes down for `purpose`. */
function guardAllowance(plan: PlanView, purpose: ActionPurpose): number {
  return purpose === 'update' ? plan.batch - 1 : 0;
}

/** A `halted` record's reason holds at most this many characters. */
const REASON_MAX = 500;

function peerGuardReason(gone: readonly { host: string; how: string }[]): string {
  const one = gone.length === 1;
  const advice = `, and no other planned host may go down while ${one ? 'it is' : 'they are'} away; start ${one ? 'its agent' : 'their agents'} again `
    + `and \`deploy retry\`, or deploy to the remaining hosts with a new command whose \`hosts\` leave ${one ? 'it' : 'them'} out`;
  // As many of the hosts as fit (names may be long): the record's `host` names the first anyway.
  for (let n = Math.min(3, gone.length); n > 1; n -= 1) {
    const shown = gone.slice(0, n).map((g) => `${g.host} ${g.how}`).join(', ') + (gone.length > n ? ` and ${gone.length - n} more` : '');
    if (`peer guard: ${shown}${advice}`.length <= REASON_MAX) return `peer guard: ${shown}${advice}`;
  }
  const first = `peer guard: ${gone[0]?.host} ${gone[0]?.how}${gone.length > 1 ? ` and ${gone.length - 1} more` : ''}`;
  return `${first.slice(0, REASON_MAX - advice.length)}${advice}`;
}

/**
 * The peer guard blocking every turn for good: hosts past their own turn (done, failed, …)
 * whose agents are gone outnumber the allowance, so no pending host may ever go down. Judged the
 * same from every host (not from `me`), so the halt is posted once, by `haltAction`'s chore.
 */
export function peerGuardHalt(ctx: ActionContext): DueHalt | undefined {
  const { rollout, fleet } = ctx;
  const plan = rollout.plan;
  if (!plan || (rollout.phase !== 'planned' && rollout.phase !== 'running')) return undefined;
  if (!rollout.hosts.some((h) => h.status === 'pending')) return undefined;
  const gone = rollout.hosts.flatMap((h) => {
    if (h.status === 'pending' || h.status === 'updating' || h.status === 'rolling-back') return [];
    const agent = goneAgent(fleet.hosts.find((a) => a.host === h.host));
    return agent ? [{ host: h.host, ...agent }] : [];
  });
  const allowance = guardAllowance(plan, plan.mode === 'canary' && !rollout.promoted ? 'canary' : 'update');
  if (gone.length <= allowance) return undefined;
  // Due once one more host was gone than the batch allows.
  const since = gone.map((g) => g.since).sort((a, b) => a - b)[allowance] ?? ctx.now;
  return { halt: { code: 'lost', reason: peerGuardReason(gone), host: gone[0]?.host }, since };
}

/** Beats a later `done` answers: those of the host's own turn (updating, restarting), or of its being up. */
const DONE_ANSWERS: ReadonlySet<string> = new Set(['updating', 'restarting', 'idle', 'healthy']);

/**
 * A host's `done` in this rollout, newer than the beat the roster view holds, counts as a fresh,
 * healthy beat when that beat came from its turn (updating, restarting) or said it was up: the
 * host posted `done` after its health check passed. A view read during the turn ahead then needs
 * no second read once that turn ends. A beat newer than the `done` (a restart since, a stop) is
 * what counts, and so is a `done` older than the stale threshold.
 */
function doneSinceBeat(ctx: ActionContext, agent: AgentView | undefined, host: HostRollout | undefined): boolean {
  if (!agent || host?.status !== 'done' || host.doneTs === undefined) return false;
  const doneAt = tsToSeconds(host.doneTs);
  // The stale threshold the roster applies to a beat applies to the `done` that stands in for one.
  return DONE_ANSWERS.has(agent.reportedState) && doneAt > agent.heartbeatAt && ctx.now - doneAt <= agent.staleAt - agent.heartbeatAt;
}

/** Hosts of the plan other than me that are down or going down: the peer guard counts them. */
function unavailablePeers(ctx: ActionContext): string[] {
  const plan = ctx.rollout.plan;
  if (!plan) return [];
  const agents = new Map(ctx.fleet.hosts.map((a) => [a.host, a]));
  const hosts = new Map(ctx.rollout.hosts.map((h) => [h.host, h]));
  const busy = new Set(ctx.rollout.hosts.filter((h) => h.status === 'updating' || h.status === 'rolling-back').map((h) => h.host));
  const up = (h: string) => isFreshAndHealthy(agents.get(h)) || doneSinceBeat(ctx, agents.get(h), hosts.get(h));
  return plan.order.filter((h) => h !== ctx.me && (busy.has(h) || !up(h)));
}

function tryClaim(ctx: ActionContext, slot: SlotState, purpose: ActionPurpose, sha: string | undefined): RolloutAction {
  const plan = ctx.rollout.plan;
  if (!plan || !sha) return wait(ctx.options.slowPollS, `no sha known to ${purpose === 'rollback' ? 'roll back to' : 'deploy'} on ${ctx.me}`);
  if (!slot.messageTs) return { kind: 'post-slot', index: slot.index };
  // Next in line: the holder has finished its update and is about to release.
  if (slot.lock.state !== 'free') return wait(ctx.options.fastPollS, `lock slot ${slot.index} is ${slot.lock.state}`, 1);
  const mine = ctx.fleet.hosts.find((a) => a.host === ctx.me);
  if (!mine || mine.stale) return { kind: 'wait', pollS: ctx.options.fastPollS, reason: `${ctx.me} must beat in the roster before it goes down`, onRoster: true };
  const allowance = guardAllowance(plan, purpose);
  const down = unavailablePeers(ctx);
  if (down.length > allowance) return { kind: 'wait', pollS: ctx.options.fastPollS, reason: `peer guard: ${down.join(', ')} not fresh and healthy`, onRoster: true };
  const fromSha = purpose === 'rollback' ? plan.sha : undefined;
  return { kind: 'claim', purpose, slot: slot.index, messageTs: slot.messageTs, sha, fromSha, leaseS: plan.leaseS, healthDeadlineS: plan.healthDeadlineS, soakS: purpose === 'rollback' ? 0 : plan.soakS };
}

/**
 * How often a host `place` turns from its own looks: the next in line (place 1) polls fast; a
 * host further back looks again about when the turns ahead of it will have passed (three
 * quarters of the time the finished turns took each), so the fleet's reads stay few and the host
 * is watching by the time it is next.
 */
export function placePollS(ctx: ActionContext, place: number): number {
  const { fastPollS, slowPollS } = ctx.options;
  if (place <= 1) return fastPollS;
  const perTurn = turnPaceS(ctx.rollout);
  const guess = perTurn === undefined ? fastPollS * place : 0.75 * (place - 1) * perTurn;
  return Math.min(slowPollS, Math.max(fastPollS, guess));
}

/** Seconds per finished turn so far (first claim to last `done`), if any turn finished. */
function turnPaceS(rollout: RolloutState): number | undefined {
  const entries = rollout.hosts.flatMap((h) => h.timeline);
  const claims = entries.filter((e) => e.kind === 'claim').map((e) => tsToSeconds(e.ts));
  const dones = rollout.hosts.filter((h) => h.doneTs !== undefined).map((h) => tsToSeconds(h.doneTs ?? '0'));
  if (claims.length === 0 || dones.length === 0) return undefined;
  return Math.max(0, Math.max(...dones) - Math.min(...claims)) / dones.length;
}

/** Is it my turn in my slot? Unfinished hosts ahead of me go first; absent ones are skipped after a back-off. */
function slotTurn(ctx: ActionContext, self: HostRollout): RolloutAction | undefined {
  const ahead = ctx.rollout.hosts.filter((h) => h.slot === self.slot && h.index < self.index && (h.status === 'pending' || h.status === 'updating' || h.status === 'rolling-back'));
  if (ahead.length === 0) return undefined;
  const place = ahead.length;
  if (ahead.some((h) => h.status !== 'pending')) return wait(placePollS(ctx, place), `${ahead[0]?.host} is updating`, place);
  const present = ahead.filter((h) => isFreshAndHealthy(ctx.fleet.hosts.find((a) => a.host === h.host)));
  if (present.length > 0 && present.at(-1) === ahead.at(-1)) return wait(placePollS(ctx, place), `${present[0]?.host} goes first`, place);
  // The host just ahead is absent from this view: the roster says whether it is (see below).
  if (present.length > 0) return { kind: 'wait', pollS: ctx.options.slowPollS, reason: `${present[0]?.host} goes first`, place, onRoster: true };
  const since = ctx.rollout.lastActivityTs ? tsToSeconds(ctx.rollout.lastActivityTs) : ctx.now;
  const at = since + ahead.length * ctx.options.backoffS;
  if (ctx.now >= at) return undefined;
  // Absent is the roster's word, as in the peer guard: the runner reads the roster afresh before it
  // believes it (a view read before a host started shows it starting), and looks again soon.
  return { kind: 'wait', pollS: Math.max(1, at - ctx.now), reason: `${ahead.map((h) => h.host).join(', ')} absent; skipping ahead after a back-off`, place, onRoster: true };
}

/** The rollout is moving and this host has not finished: take its turn when it comes. */
export function turnAction(ctx: ActionContext): RolloutAction {
  const { rollout, options } = ctx;
  const self = ctx.self;
  const plan = rollout.plan;
  if (!self || !plan) return { kind: 'none', reason: `${ctx.me} is not in the plan` };
  const slot = rollout.slots[self.slot];
  if (!slot) return wait(options.slowPollS, `no lock slot ${self.slot}`);
  if (rollout.phase === 'rolling-back') {
    const place = rollout.rollbackQueue.indexOf(ctx.me);
    if (place > 0) return wait(placePollS(ctx, place), `rolling back ${rollout.rollbackQueue[0]} first`, place);
    if (place < 0) return wait(options.slowPollS, `rolling back ${rollout.rollbackQueue[0]} first`);
    return tryClaim(ctx, slot, 'rollback', self.fromSha);
  }
  if (rollout.phase === 'paused') return wait(options.slowPollS, 'paused: `deploy resume` continues');
  if (self.status !== 'pending') return wait(options.fastPollS, `${ctx.me} is ${self.status}`);
  if (plan.mode === 'canary' && !rollout.promoted) {
    if (self.index !== 0) return wait(options.slowPollS, rollout.phase === 'canary-healthy' ? 'waiting for `deploy promote`' : `waiting for the canary ${plan.order[0]}`);
    return tryClaim(ctx, slot, 'canary', plan.sha);
  }
  return slotTurn(ctx, self) ?? tryClaim(ctx, slot, 'update', plan.sha);
}
