/**
 * Slack's per-minute allowances (per method, per app, per workspace) for the methods the
 * dashboard and the read commands call. The whole fleet shares them: the dashboard takes a part.
 */
export const TIER_PER_MINUTE: Record<string, number> = {
  'conversations.history': 50,
  'conversations.replies': 50,
  'pins.list': 20,
  'chat.postMessage': 60,
  'pins.remove': 20,
  'auth.test': 100,
};

/** The dashboard's default part of each tier: a fifth, leaving the rest to the agents. */
export const DEFAULT_SHARE = 0.2;

/** Per-minute allowance of `method` for a client that takes `share` of the tier (at least 1). */
export function allowance(method: string, share: number, scale = 1): number {
  const tier = (TIER_PER_MINUTE[method] ?? 20) * scale;
  return Math.max(1, Math.floor(tier * share));
}
