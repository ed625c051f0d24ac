import { decodeThread, reduceRollout, type RolloutState } from '../../protocol/index.js';
import type { BlockAction } from '../socket-hints.js';
import type { AgentServices } from '../deploy-handler.js';
import type { RolloutThread, ThreadMessage } from './rollout-thread.js';

/** The reaction that promotes a healthy canary when an operator adds it. */
export const PROMOTE_REACTION = 'white_check_mark';

/**
 * ✅ from an operator on the command message or on the `canary healthy` reply promotes the
 * canary (DESIGN §5). The canary host relays it as a `promoted` record, once: the reducer
 * then sees the promotion like any typed `deploy promote`. Reactions of the bot (troupe's own
 * markers) never count.
 */
export async function promoteByReaction(
  state: RolloutState,
  messages: readonly ThreadMessage[],
  deps: { services: AgentServices; thread: RolloutThread; trustedAuthor?: string },
): Promise<boolean> {
  const { config } = deps.services;
  if (state.promoted || state.canary?.host !== config.host) return false;
  const healthyTs = new Set(decodeThread(messages).filter((r) => r.kind === 'canary_healthy').map((r) => r.ts));
  const candidates = messages.filter((m) => m.ts === deps.thread.ts || healthyTs.has(m.ts));
  const by = candidates
    .flatMap((m) => m.reactions ?? [])
    .filter((r) => r.name === PROMOTE_REACTION)
    .flatMap((r) => r.users ?? [])
    .find((user) => config.operators.includes(user));
  if (!by) return false;
  await deps.thread.post('promoted', { by, reason: '✅ on the canary' });
  return true;
}

/**
 * A click on the `Promote` button (Socket Mode gives it to one agent, which relays it): an
 * operator's click on a healthy canary posts `promoted`; anyone else is told why not.
 */
export async function promoteByButton(action: BlockAction, thread: RolloutThread, operators: readonly string[], trustedAuthor?: string): Promise<void> {
  if (!operators.includes(action.user)) {
    await thread.say(`Not applied: <@${action.user}> is not an operator; only operators may promote. Nothing changed.`);
    return;
  }
  const state = reduceRollout(await thread.read(), { trustedAuthor });
  if (state.phase !== 'canary-healthy') {
    await thread.say(`Not applied: only a healthy canary can be promoted; this rollout is ${state.phase}.`);
    return;
  }
  await thread.post('promoted', { by: action.user, reason: 'Promote button' });
}
