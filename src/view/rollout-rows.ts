import { reduceRollout } from '../protocol/reduce-rollout.js';
import type { RolloutState, TimelineEntry } from '../protocol/rollout-state.js';
import type { PinState } from '../slackmq/decide.js';
import type { RolloutRow, TimelineEvent } from '../ui/model.js';
import { readable } from './readable.js';
import type { ChannelSnapshot } from './snapshot.js';

/** A timeline entry as people read it in the thread (the record's own text), or its kind and detail. */
function event(entry: TimelineEntry, texts: ReadonlyMap<string, string | undefined>): TimelineEvent {
  const said = readable(texts.get(entry.ts));
  return { at: Number(entry.ts), text: said || [entry.kind, entry.detail].filter(Boolean).join(' · ') };
}

/** Pin state per pinned message ts, as the reducers take it. */
export function pinStates(snapshot: ChannelSnapshot): Map<string, PinState> {
  return new Map(snapshot.pins.map((p) => [p.message.ts, { pinned: true, created: p.created, createdBy: p.createdBy }]));
}

/** Every rollout thread of the snapshot through the same reducer the agents run. */
export function reduceRollouts(snapshot: ChannelSnapshot, now: number): RolloutState[] {
  const pins = pinStates(snapshot);
  const states: RolloutState[] = [];
  for (const [root, messages] of snapshot.threads) {
    if (root === snapshot.rosterTs) continue;
    const state = reduceRollout(messages, { now, pins, trustedAuthor: snapshot.botId });
    if (state.plan) states.push(state);
  }
  return states.sort((a, b) => Number(b.rolloutTs ?? 0) - Number(a.rolloutTs ?? 0));
}

/** A rollout state as one row (and its per-host timeline, in the thread's words) of the dashboard. */
export function rolloutRow(state: RolloutState, snapshot: ChannelSnapshot): RolloutRow {
  const plan = state.plan;
  const thread = state.rolloutTs ? (snapshot.threads.get(state.rolloutTs) ?? []) : [];
  const texts = new Map(thread.map((m) => [m.ts, m.text]));
  const holders = state.holders.map((c) => c.host);
  const updating = state.hosts.filter((h) => h.status === 'updating' || h.status === 'rolling-back').map((h) => h.host);
  const current = [...new Set([...holders, ...updating])];
  return {
    ts: state.rolloutTs ?? plan?.ts ?? '',
    strategy: plan?.mode ?? 'rolling',
    phase: state.phase,
    ref: plan?.ref,
    sha: plan?.sha,
    done: state.hosts.filter((h) => h.status === 'done').length,
    total: state.hosts.length,
    current: current.length > 0 ? current.join(',') : undefined,
    failures: state.failures,
    maxFailures: state.failureBudget,
    haltReason: state.halt?.reason,
    promotion: plan?.mode === 'canary' ? plan.promotion : 'none',
    startedAt: plan ? Number(plan.ts) : undefined,
    steps: state.hosts.map((h) => ({ host: h.host, status: h.status, events: h.timeline.map((e) => event(e, texts)) })),
  };
}
