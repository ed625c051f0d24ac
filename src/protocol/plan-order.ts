import { isFreshAndHealthy, type FleetState } from './reduce-fleet.js';

/**
 * The host order of a new plan: the hosts the person named (`hosts a,b`, in their order), or the
 * whole roster sorted by name. Every planned host must be fresh and healthy now, or the plan is
 * refused with a message that says which host and what to do.
 */
export function planOrder(fleet: FleetState, wanted?: readonly string[]): { order: string[] } | { error: string } {
  const byHost = new Map(fleet.hosts.map((a) => [a.host, a]));
  const order = wanted ? [...wanted] : fleet.hosts.filter((a) => a.state !== 'lost' && a.state !== 'stopping').map((a) => a.host);
  if (order.length === 0) return { error: 'no agent is in the roster; start `troupe agent` on the hosts first' };
  const unknown = order.filter((h) => !byHost.has(h));
  if (unknown.length > 0) {
    return { error: `${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not in the roster (hosts: ${[...byHost.keys()].join(', ') || 'none'}); name only those` };
  }
  const unhealthy = order.filter((h) => !isFreshAndHealthy(byHost.get(h)));
  if (unhealthy.length > 0) {
    const why = unhealthy.map((h) => { const a = byHost.get(h); return `${h} (${a?.stale ? `no heartbeat for ${Math.round(a.ageS)} s` : a?.state})`; });
    return { error: `not every host is fresh and healthy: ${why.join(', ')}; wait for them, or leave them out with \`hosts …\`` };
  }
  return { order };
}
