import { decodeThread, reduceRollout, type RolloutState } from '../../protocol/index.js';

/** What a step sees when it judges: the thread of its own message, and of the rollout it steers. */
export interface StepView {
  /** The messages of the step's own thread (parent first), as Slack returns them with all metadata. */
  thread: unknown[];
  /** The thread of the rollout the scenario is steering (for `deploy promote`, posted on its own). */
  rolloutThread: unknown[];
  hosts: string[];
  /** The commit each tag of the sample service is. */
  shas: Record<string, string>;
}

/** How a step ended: `undefined` while it is still going. */
export interface StepOutcome {
  ok: boolean;
  /** One line for people. */
  summary: string;
  /** What the reducers said, for the JSON summary. */
  detail: Record<string, unknown>;
}

export interface ScenarioStep {
  name: string;
  user: 'alice' | 'mallory';
  text: string;
  /** This step's message starts the rollout later steps steer. */
  startsRollout?: boolean;
  timeoutMs: number;
  judge(view: StepView): StepOutcome | undefined;
}

function rolloutDetail(state: RolloutState): Record<string, unknown> {
  return {
    phase: state.phase,
    sha: state.plan?.sha,
    order: state.plan?.order,
    hosts: Object.fromEntries(state.hosts.map((h) => [h.host, h.status])),
    ...(state.halt ? { halt: state.halt } : {}),
    failures: state.failures,
  };
}

const FINAL = new Set(['halted', 'done', 'aborted', 'rolled-back']);

function canaryOf(state: RolloutState) {
  return state.hosts[0];
}

const canaryGood: ScenarioStep['judge'] = ({ thread, shas }) => {
  const state = reduceRollout(thread);
  const canary = canaryOf(state);
  if (state.phase === 'canary-healthy') {
    // The canary posts `canary healthy`, then its `done` a moment later (posts are paced).
    if (canary?.status === 'updating') return undefined;
    const ok = canary?.status === 'done' && state.plan?.sha === shas.v2;
    return { ok, summary: `${canary?.host} is on v2 and healthy; the rollout waits for promote`, detail: rolloutDetail(state) };
  }
  if (FINAL.has(state.phase)) return { ok: false, summary: `the canary ended ${state.phase}: ${state.halt?.reason ?? ''}`, detail: rolloutDetail(state) };
  return undefined;
};

const promoted: ScenarioStep['judge'] = ({ rolloutThread, hosts }) => {
  const state = reduceRollout(rolloutThread);
  if (!FINAL.has(state.phase)) return undefined;
  const ok = state.phase === 'done' && hosts.every((h) => state.hosts.find((x) => x.host === h)?.status === 'done');
  return { ok, summary: ok ? `every host is on v2 (${hosts.join(', ')})` : `the rollout ended ${state.phase}: ${state.halt?.reason ?? ''}`, detail: rolloutDetail(state) };
};

const canaryReverted: ScenarioStep['judge'] = ({ thread, shas }) => {
  const state = reduceRollout(thread);
  const canary = canaryOf(state);
  if (state.phase === 'canary-healthy') return { ok: false, summary: `${canary?.host} passed on v3, which should fail its health check`, detail: rolloutDetail(state) };
  if (!FINAL.has(state.phase)) return undefined;
  const ok = state.phase === 'halted' && canary?.status === 'reverted' && state.plan?.sha === shas.v3;
  return { ok, summary: `${canary?.host} ${canary?.status} (${canary?.reason ?? 'no reason given'}); the rollout ${state.phase}`, detail: rolloutDetail(state) };
};

const ranEverywhere: ScenarioStep['judge'] = ({ thread, hosts }) => {
  const outputs = decodeThread(thread).flatMap((r) => (r.kind === 'output' ? [r.payload] : []));
  const byHost = new Map(outputs.map((o) => [o.host, o]));
  if (!hosts.every((h) => byHost.has(h))) return undefined;
  const ok = outputs.length === hosts.length && outputs.every((o) => o.exit_code === 0);
  const detail = { outputs: outputs.map((o) => ({ host: o.host, name: o.name, exit_code: o.exit_code })) };
  return { ok, summary: `${byHost.size} hosts answered, exit codes ${outputs.map((o) => o.exit_code).join(', ')}`, detail };
};

/**
 * A refusal is answered under the message's lock: the step ends once the lock is gone — its release
 * record names the answer, and the pin goes after it (release, then unpin), so a look between the two
 * waits for the next.
 */
const refused: ScenarioStep['judge'] = ({ thread }) => {
  const release = decodeThread(thread).find((r) => r.kind === 'release');
  const parent = thread[0] as { pinned_to?: unknown[] };
  if (!release || parent.pinned_to) return undefined;
  const state = reduceRollout(thread);
  const result = release.kind === 'release' ? release.payload.result : '';
  const ok = state.phase === 'pending' && /refus/.test(result);
  return { ok, summary: ok ? `refused (${result}): no plan, no pin` : `not refused: ${result}, the rollout is ${state.phase}`, detail: { phase: state.phase, result } };
};

/** The scenario of `troupe demo --script`, in order. */
export const demoScenario: ScenarioStep[] = [
  { name: 'canary of the good version', user: 'alice', text: 'deploy canary v2', startsRollout: true, timeoutMs: 90_000, judge: canaryGood },
  { name: 'promote to every host', user: 'alice', text: 'deploy promote', timeoutMs: 120_000, judge: promoted },
  { name: 'canary of the failing version: revert and halt', user: 'alice', text: 'deploy canary v3', timeoutMs: 90_000, judge: canaryReverted },
  { name: 'a named command on every host', user: 'alice', text: 'run uptime on all', timeoutMs: 60_000, judge: ranEverywhere },
  { name: 'an outsider is refused', user: 'mallory', text: 'deploy canary v2', timeoutMs: 60_000, judge: refused },
];
