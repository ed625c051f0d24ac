import type { DeployControl } from '../../protocol/command.js';
import { decodeThread, reduceRollout, type ProtocolKind, type RolloutState } from '../../protocol/index.js';
import type { Reply, RolloutThread } from './rollout-thread.js';

/** The record that relays each steering command into the rollout thread. */
export const STEER_RECORD = {
  promote: 'promoted',
  abort: 'aborted',
  pause: 'paused',
  resume: 'resumed',
  retry: 'retried',
  rollback: 'rollback',
} as const satisfies Record<DeployControl, ProtocolKind>;

/**
 * Why `control` cannot apply to the rollout now (a reply says so, nothing is recorded), or
 * undefined when it applies. Pure: a function of the rollout's state.
 */
export function steerRefusal(control: DeployControl, state: RolloutState): string | undefined {
  const phase = state.phase;
  if (phase === 'pending') return 'the rollout has no plan yet (or was refused); wait for its plan, or start a new one';
  switch (control) {
    case 'promote':
      return phase === 'canary-healthy' ? undefined : `only a healthy canary can be promoted; this rollout is ${phase}`;
    case 'pause':
      return ['planned', 'running', 'canary-soaking', 'canary-healthy', 'rolling-back'].includes(phase) ? undefined : `the rollout is ${phase}; there is nothing to pause`;
    case 'resume':
      return state.paused ? undefined : `the rollout is ${phase}, not paused`;
    case 'retry':
      return phase === 'halted' || phase === 'aborted' ? undefined : `only a halted or aborted rollout can be retried; this one is ${phase}`;
    case 'rollback':
      return state.hosts.some((h) => h.status === 'done' || h.status === 'rolling-back') ? undefined : 'no host of this rollout is on its new sha; there is nothing to roll back';
    case 'abort':
      return ['done', 'aborted', 'rolled-back'].includes(phase) ? `the rollout is already ${phase}` : undefined;
  }
}

/** Whether the steering command `commandTs` was already relayed into the thread. */
export function alreadyRelayed(messages: readonly unknown[], commandTs: string): boolean {
  return decodeThread(messages).some((r) => 'command_ts' in r.payload && r.payload.command_ts === commandTs);
}

/**
 * Relays a person's steering command into the rollout thread (once for the fleet: the caller
 * takes turns), or answers in the command's own thread why it does not apply.
 */
export async function relaySteer(
  control: DeployControl,
  request: { ts: string; user: string },
  rollout: RolloutThread,
  reply: Reply,
  options: { trustedAuthor?: string; timing: { lockDelayS: number; graceS: number }; now: number },
): Promise<'relayed' | 'refused' | 'done-before'> {
  // The caller found the command unanswered a moment ago; `reply.say` looks again before it posts.
  const messages = await rollout.read();
  if (alreadyRelayed(messages, request.ts)) return 'done-before';
  const state = reduceRollout(messages, { now: options.now, trustedAuthor: options.trustedAuthor, timing: options.timing });
  const refusal = steerRefusal(control, state);
  if (refusal) {
    await reply.say(`Not applied: \`deploy ${control}\`: ${refusal} (rollout ${rollout.ts}). Nothing changed.`);
    return 'refused';
  }
  await rollout.post(STEER_RECORD[control], { by: request.user, command_ts: request.ts });
  await reply.say(`\`deploy ${control}\` applied to the rollout ${rollout.ts}.`);
  return 'relayed';
}
