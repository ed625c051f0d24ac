import { decodeThread, reduceRollout, type RolloutState } from '../../protocol/index.js';
import type { ThreadMessage } from './rollout-thread.js';

export type RepliesPort = { conversations: { replies(args: { channel: string; ts: string; include_all_metadata: boolean; limit: number; cursor?: string }): Promise<{ messages?: unknown[]; response_metadata?: { next_cursor?: string } }> } };

/** How `troupe deploy --wait` ends. */
export interface FollowEnd {
  ok: boolean;
  summary: string;
}

export async function readThread(slack: RepliesPort, channel: string, ts: string): Promise<ThreadMessage[]> {
  const messages: ThreadMessage[] = [];
  let cursor: string | undefined;
  do {
    const page = await slack.conversations.replies({ channel, ts, include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) });
    messages.push(...((page.messages ?? []) as ThreadMessage[]));
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  return messages;
}

/**
 * Whether a followed rollout has come to rest, and how (pure). `until` is what the person is
 * waiting for: the whole rollout, or just the state their steering command leads to.
 */
export function followEnd(state: RolloutState, messages: readonly ThreadMessage[], until: 'finish' | 'paused'): FollowEnd | undefined {
  // A rollout refused before any plan: its `halted` record says why (and starts with "refused").
  const refused = state.plan === undefined ? decodeThread(messages).find((r) => r.kind === 'halted') : undefined;
  if (refused?.kind === 'halted') return { ok: false, summary: refused.payload.reason };
  switch (state.phase) {
    case 'done':
      return { ok: true, summary: `done: ${state.hosts.length} host(s) on ${state.plan?.sha.slice(0, 12)}` };
    case 'canary-healthy':
      return { ok: true, summary: `canary ${state.canary?.host} healthy on ${state.plan?.sha.slice(0, 12)}; \`troupe deploy promote\` continues, \`troupe deploy abort\` reverts it` };
    case 'halted':
      return state.haltRecorded || state.holders.length === 0 ? { ok: false, summary: `halted: ${state.halt?.reason ?? 'see the thread'}` } : undefined;
    case 'aborted':
      return state.holders.length === 0 ? { ok: false, summary: `aborted: ${state.halt?.reason ?? 'see the thread'}` } : undefined;
    case 'rolled-back':
      return { ok: true, summary: 'rolled back: every updated host is on its old sha' };
    case 'paused':
      return until === 'paused' && state.holders.length === 0 ? { ok: true, summary: 'paused: `troupe deploy resume` continues' } : undefined;
    default:
      return undefined;
  }
}

/** One line about the rollout's progress (for a TTY, redrawn; otherwise printed when it changes). */
export function progressLine(state: RolloutState): string {
  const total = state.hosts.length;
  const done = state.hosts.filter((h) => h.status === 'done' || h.status === 'rolled-back').length;
  const width = 20;
  const filled = total > 0 ? Math.round((done / total) * width) : 0;
  const active = state.hosts.find((h) => h.status === 'updating' || h.status === 'rolling-back');
  const doing = active ? ` · ${active.host} ${active.phase ?? active.status}` : '';
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} · ${state.phase}${doing}`;
}

export function stateOf(messages: readonly ThreadMessage[], now: number): RolloutState {
  return reduceRollout(messages, { now });
}
