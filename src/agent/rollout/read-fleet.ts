import { reduceFleet, type FleetState } from '../../protocol/index.js';
import type { AgentServices } from '../deploy-handler.js';
import type { SlackNow } from './slack-now.js';

/**
 * The fleet read from the roster thread now (not the agent's view from its last heartbeat):
 * for decisions that must not miss a host that just joined or just went down (the plan's
 * order, the peer guard before a host takes itself down).
 */
export async function readFleet(services: AgentServices, clock: SlackNow, trustedAuthor?: string): Promise<FleetState> {
  const known = services.fleet();
  if (!known.rosterTs) return known;
  const messages: unknown[] = [];
  let cursor: string | undefined;
  do {
    const page = await services.reads.conversations.replies({ channel: services.config.channel, ts: known.rosterTs, include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) });
    messages.push(...(page.messages ?? []));
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  for (const m of messages as { ts?: string; edited?: { ts?: string } }[]) clock.observe(Math.max(Number(m.ts ?? 0), Number(m.edited?.ts ?? 0)));
  return reduceFleet(messages, Math.max(clock.now(), known.now), { trustedAuthor });
}
