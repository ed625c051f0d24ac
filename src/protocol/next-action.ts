/**
 * What one host should do about one rollout right now (DESIGN §5), as a pure function of the
 * rollout's state, the fleet's state, the host's name and Slack time. The agent performs the
 * action, reads the thread again and asks again; nothing else is remembered between calls (I1).
 */
import { tsToSeconds } from '../slackmq/slack-ts.js';
import { planOrder } from './plan-order.js';
import type { FleetState } from './reduce-fleet.js';
import type { RolloutState } from './rollout-state.js';
import { breakAction, choreTurn, finishedAction, freshHosts, goneAgent, holderAction, peerGuardHalt, turnAction, type ActionContext, type DueHalt } from './turn-actions.js';
import type { RolloutAction } from './rollout-action.js';

export type { RolloutAction } from './rollout-action.js';

export interface ActionOptions {
  /** Poll interval while it is (nearly) this host's turn. */
  fastPollS: number;
  /** Poll interval while nothing is expected of this host. */
  slowPollS: number;
  /** Silence per place in the order before a host acts for an absent one (plan, halt, break). */
  backoffS: number;
}

export const DEFAULT_ACTION_OPTIONS: ActionOptions = { fastPollS: 2, slowPollS: 30, backoffS: 20 };

/**
 * The plan's back-off is a quarter of the others': the first host of the roster may not have seen
 * the command yet (in a fleet of thirty each agent polls the channel about once a minute), and a
 * plan posted twice costs nothing (the first one counts).
 */
const PLAN_BACKOFF_PART = 0.25;

function planAction(ctx: ActionContext): RolloutAction {
  const since = ctx.rollout.rolloutTs ? tsToSeconds(ctx.rollout.rolloutTs) : ctx.now;
  const turn = choreTurn(ctx, freshHosts(ctx.fleet), since, ctx.options.backoffS * PLAN_BACKOFF_PART);
  if (!turn) return { kind: 'wait', pollS: ctx.options.slowPollS, reason: 'waiting for a plan (this host is not fresh in the roster)' };
  if (turn.now) return { kind: 'post-plan' };
  // The plan is usually posted within seconds by the first host. Its order is the roster's, as
  // this host sees it (`planOrder`; a command naming hosts may order them otherwise: then this is
  // only a guess), so a host waits at the place it will likely have: the first ones watch for
  // the plan, the rest look again about when their turn nears.
  const predicted = planOrder(ctx.fleet);
  const index = 'order' in predicted ? predicted.order.indexOf(ctx.me) : -1;
  const wait: RolloutAction = { kind: 'wait', pollS: Math.min(turn.waitS, 2 * ctx.options.fastPollS), reason: 'another host posts the plan' };
  return index < 0 ? wait : { ...wait, place: Math.max(1, index) };
}

/**
 * A derived halt that nobody has posted yet: the first fresh host of the plan posts it, the others
 * after their back-off since the later of the last activity and `dueSince` (when the roster made it due).
 */
function haltAction(ctx: ActionContext, halt: NonNullable<RolloutState['halt']>, dueSince?: number): RolloutAction | undefined {
  if (ctx.rollout.haltRecorded || halt.code === 'aborted') return undefined;
  const plan = ctx.rollout.plan;
  if (!plan) return undefined;
  const since = Math.max(ctx.rollout.lastActivityTs ? tsToSeconds(ctx.rollout.lastActivityTs) : ctx.now, dueSince ?? 0);
  const turn = choreTurn(ctx, freshHosts(ctx.fleet, plan.order), since);
  if (!turn?.now) return undefined;
  return { kind: 'halt', code: halt.code, reason: halt.reason, host: halt.host };
}

/**
 * A planned host gone before its turn (lost, or stopped and silent since): the rollout cannot
 * finish without it, and the peer guard would wait for it forever, so the rollout halts.
 */
function gonePending(ctx: ActionContext): DueHalt | undefined {
  for (const h of ctx.rollout.hosts) {
    if (h.status !== 'pending') continue;
    const agent = ctx.fleet.hosts.find((a) => a.host === h.host);
    const gone = goneAgent(agent);
    if (!agent || !gone) continue;
    const reason = agent.state === 'lost' ? `lost host ${h.host}: no heartbeat for ${Math.round(agent.ageS)} s` : `${h.host} ${gone.how}; start its agent and \`deploy retry\``;
    return { halt: { code: 'lost', reason, host: h.host }, since: gone.since };
  }
  return undefined;
}

/**
 * What `me` should do now. `now` is Slack time in seconds (the ts of a message this host just
 * posted, or the latest ts it read), never the host clock.
 */
export function nextAction(rollout: RolloutState, fleet: FleetState, me: string, now: number, options: ActionOptions = DEFAULT_ACTION_OPTIONS): RolloutAction {
  const ctx: ActionContext = { rollout, fleet, me, now, options, self: rollout.hosts.find((h) => h.host === me) };
  if (rollout.phase === 'pending') return planAction(ctx);
  const holding = holderAction(ctx) ?? breakAction(ctx);
  if (holding) return holding;
  const due = rollout.halt ? undefined : gonePending(ctx) ?? peerGuardHalt(ctx);
  const halt = rollout.halt ?? due?.halt;
  if (halt && rollout.phase !== 'rolling-back') {
    return haltAction(ctx, halt, due?.since) ?? { kind: 'wait', pollS: options.slowPollS, reason: `halted: ${halt.reason}` };
  }
  if (!ctx.self) return { kind: 'none', reason: `${me} is not in the plan` };
  return finishedAction(ctx) ?? turnAction(ctx);
}
