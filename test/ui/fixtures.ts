import type { DashboardView, FleetRow, RolloutRow } from '../../src/ui/model.js';

/** Slack time "now" for every frame: 2026-11-27 14:00:00 UTC. */
export const NOW = 1795788000;

const SHA_OLD = '3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39';
const SHA_NEW = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';

export function host(name: string, over: Partial<FleetRow> = {}): FleetRow {
  return { host: name, state: 'idle', version: '0.4.1', sha: SHA_OLD, heartbeatAt: NOW - 12, stale: false, link: 'socket', ...over };
}

export function idleFleet(): DashboardView {
  return {
    channel: '#ops',
    fleet: ['web-1', 'web-2', 'web-3'].map((h) => host(h, { state: 'healthy' })),
    locks: [],
    rollouts: [],
    feed: [],
    budget: [
      { method: 'conversations.history', perMinute: 4, tier: 50, share: 10, rateLimited: 0 },
      { method: 'conversations.replies', perMinute: 8, tier: 50, share: 10, rateLimited: 0 },
      { method: 'pins.list', perMinute: 2, tier: 20, share: 4, rateLimited: 0 },
    ],
    updatedAt: NOW - 3,
  };
}

export function rollingRollout(): RolloutRow {
  return {
    ts: '1795787700.000100',
    strategy: 'rolling',
    phase: 'running',
    ref: 'main',
    sha: SHA_NEW,
    done: 1,
    total: 3,
    current: 'web-2',
    failures: 0,
    maxFailures: 0,
    promotion: 'none',
    startedAt: NOW - 300,
    steps: [
      { host: 'web-1', status: 'done', events: [{ at: NOW - 280, text: 'claim · token 1795787720.000300' }, { at: NOW - 200, text: 'done · healthy after 14 s' }] },
      { host: 'web-2', status: 'updating', events: [{ at: NOW - 60, text: 'claim · token 1795787940.000500' }, { at: NOW - 30, text: 'progress · building' }] },
      { host: 'web-3', status: 'pending', events: [] },
    ],
  };
}

export function rollingUpdate(): DashboardView {
  const view = idleFleet();
  return {
    ...view,
    fleet: [
      host('web-1', { state: 'healthy', version: '0.5.0', sha: SHA_NEW, role: 'done' }),
      host('web-2', { state: 'updating', role: 'holder' }),
      host('web-3', { state: 'healthy', role: 'next' }),
    ],
    rollouts: [rollingRollout()],
    locks: [
      {
        ts: '1795787700.000100',
        kind: 'rollout',
        title: 'deploy rolling main',
        status: 'held',
        holder: 'web-2',
        token: '1795787940.000500',
        leaseUntil: NOW + 100,
        pinnedAt: NOW - 61,
      },
    ],
    feed: [
      { ts: '1795787720.000300', at: NOW - 280, host: 'web-1', kind: 'claim', text: 'claimed · lease 120 s' },
      { ts: '1795787800.000400', at: NOW - 200, host: 'web-1', kind: 'done', text: 'healthy after 14 s' },
      { ts: '1795787940.000500', at: NOW - 60, host: 'web-2', kind: 'claim', text: 'claimed · lease 120 s' },
    ],
  };
}

export function haltedCanary(): DashboardView {
  const view = idleFleet();
  return {
    ...view,
    fleet: [host('web-1', { state: 'failed', role: 'canary' }), host('web-2', { state: 'healthy' }), host('web-3', { state: 'healthy' })],
    rollouts: [
      {
        ts: '1795787500.000100',
        strategy: 'canary',
        phase: 'halted',
        ref: 'v0.5.0',
        sha: SHA_NEW,
        done: 0,
        total: 3,
        failures: 1,
        maxFailures: 0,
        haltReason: 'web-1 health check failed: GET /healthz 503 after 30 s; reverted',
        promotion: 'manual',
        steps: [
          { host: 'web-1', status: 'reverted', events: [{ at: NOW - 400, text: 'claim' }, { at: NOW - 320, text: 'reverted · health check failed' }] },
          { host: 'web-2', status: 'pending', events: [] },
          { host: 'web-3', status: 'pending', events: [] },
        ],
      },
    ],
    feed: [{ ts: '1795787680.000900', at: NOW - 320, host: 'web-1', kind: 'halted', text: 'health check failed: GET /healthz 503' }],
  };
}

export function staleHost(): DashboardView {
  const view = idleFleet();
  return { ...view, fleet: [host('web-1'), host('web-2', { heartbeatAt: NOW - 400, stale: true, link: 'poll' }), host('web-3')] };
}

export function personsPin(): DashboardView {
  const view = idleFleet();
  return {
    ...view,
    locks: [{ ts: '1795780000.000200', kind: 'person', title: 'maintenance window friday', status: 'unclaimed', pinnedBy: 'U0ALICE', pinnedAt: NOW - 7200 }],
  };
}
