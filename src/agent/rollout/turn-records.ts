import type { KnownBlock } from '@slack/web-api';
import type { ActionPurpose } from '../../protocol/rollout-action.js';
import type { UPDATE_PHASES } from '../../protocol/index.js';
import type { Phase, UpdateResult } from '../executor/index.js';
import { redact } from '../../util/redact.js';
import type { RolloutThread } from './rollout-thread.js';

type UpdatePhase = (typeof UPDATE_PHASES)[number];

const FORWARD: Partial<Record<Phase, UpdatePhase>> = {
  switching: 'switching',
  building: 'building',
  restarting: 'restarting',
  checking: 'checking',
  soaking: 'soaking',
  reverting: 'reverting',
  'guard-reverting': 'reverting',
  'revert-restarting': 'reverting',
  'revert-checking': 'reverting',
};

/** The thread's phase for an executor phase (none for claimed and the final phases). */
export function progressPhase(phase: Phase, purpose: ActionPurpose): UpdatePhase | undefined {
  const mapped = FORWARD[phase];
  return mapped && purpose === 'rollback' ? 'rolling-back' : mapped;
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text) || 'unknown';

/** The action id of the `canary healthy` message's button. */
export const PROMOTE_ACTION = 'troupe_promote';

/** The `canary healthy` message's blocks: what it says, and a button that promotes (value: the rollout). */
function promoteBlocks(rollout: string, host: string, sha: string): KnownBlock[] {
  return [
    { type: 'section', text: { type: 'mrkdwn', text: `🐤 canary healthy: ${host} on \`${sha.slice(0, 12)}\`. Promote to continue the rollout, or \`deploy abort\` to revert it.` } },
    { type: 'actions', elements: [{ type: 'button', action_id: PROMOTE_ACTION, style: 'primary', text: { type: 'plain_text', text: 'Promote' }, value: rollout }] },
  ];
}

/** What a turn ended with, said in the thread. Returns the lock's release result. */
export async function postOutcome(thread: RolloutThread, host: string, purpose: ActionPurpose, result: Exclude<UpdateResult, { outcome: 'restart-by-exit' }>, soakS: number, startedMs: number): Promise<string> {
  const { journal } = result;
  const token = journal.token;
  if (result.outcome === 'done') {
    if (purpose === 'rollback') {
      await thread.post('rolled_back', { host, sha: journal.toSha, from_sha: journal.fromSha, token });
      return 'rolled-back';
    }
    if (purpose === 'canary') await thread.post('canary_healthy', { host, sha: journal.toSha, soak_s: soakS }, { blocks: promoteBlocks(thread.ts, host, journal.toSha) });
    // From the claim as the journal recorded it: the turn may have spanned a restart of this agent.
    const since = journal.history[0]?.at ?? startedMs;
    const duration = Math.max(0, Math.round((Date.now() - since) / 1000));
    await thread.post('done', { host, sha: journal.toSha, from_sha: journal.fromSha, token, duration_s: duration });
    return 'done';
  }
  const reason = clip(redact(result.reason), 500);
  if (purpose === 'rollback' || result.outcome === 'revert-failed') {
    await thread.post('failed', { host, reason, phase: purpose === 'rollback' ? 'rolling-back' : 'reverting', sha: journal.toSha, token });
    return 'failed';
  }
  const tail = redact(result.logTail).slice(-2500);
  await thread.post('reverted', { host, reason, sha: journal.toSha, restored_sha: journal.fromSha, token, ...(tail ? { log_tail: tail } : {}) });
  return 'reverted';
}
