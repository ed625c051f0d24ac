import { z } from 'zod';
import type { FleetRow, LockRow, RolloutRow } from '../ui/model.js';

/**
 * The `--json` documents of `troupe status`, `troupe locks` and `troupe rollouts`: what scripts
 * may rely on. Times are Slack time in seconds since the epoch; ages and lease left are at `now`.
 */
export const statusJsonSchema = z.array(
  z.strictObject({
    host: z.string(),
    state: z.enum(['idle', 'updating', 'restarting', 'healthy', 'failed', 'stopping', 'lost']),
    version: z.string().nullable(),
    sha: z.string().nullable(),
    heartbeatAt: z.number().nullable(),
    heartbeatAgeS: z.number().nullable(),
    stale: z.boolean(),
    connection: z.enum(['socket', 'poll']),
    role: z.string().nullable(),
  }),
);

export const locksJsonSchema = z.array(
  z.strictObject({
    ts: z.string(),
    kind: z.enum(['rollout', 'run', 'person', 'other']),
    title: z.string(),
    status: z.enum(['held', 'expired', 'unclaimed', 'released', 'broken', 'unknown']),
    holder: z.string().nullable(),
    token: z.string().nullable(),
    leaseUntil: z.number().nullable(),
    leaseLeftS: z.number().nullable(),
    pinnedAt: z.number().nullable(),
    pinnedBy: z.string().nullable(),
  }),
);

const stepJson = z.strictObject({
  host: z.string(),
  status: z.string(),
  events: z.array(z.strictObject({ at: z.number(), text: z.string() })),
});

export const rolloutJsonSchema = z.strictObject({
  ts: z.string(),
  mode: z.enum(['rolling', 'canary']),
  phase: z.string(),
  ref: z.string().nullable(),
  sha: z.string().nullable(),
  done: z.number().int(),
  total: z.number().int(),
  current: z.string().nullable(),
  failures: z.number().int(),
  maxFailures: z.number().int(),
  haltReason: z.string().nullable(),
  promotion: z.string(),
  hosts: z.array(stepJson),
});

export const rolloutsJsonSchema = z.array(rolloutJsonSchema);

const orNull = <T>(value: T | undefined): T | null => (value === undefined ? null : value);

export function statusJson(fleet: FleetRow[], now: number): z.infer<typeof statusJsonSchema> {
  return fleet.map((h) => ({
    host: h.host,
    state: h.state,
    version: orNull(h.version),
    sha: orNull(h.sha),
    heartbeatAt: orNull(h.heartbeatAt),
    heartbeatAgeS: h.heartbeatAt === undefined ? null : Math.max(0, Math.round(now - h.heartbeatAt)),
    stale: h.stale,
    connection: h.link,
    role: orNull(h.role),
  }));
}

export function locksJson(locks: LockRow[], now: number): z.infer<typeof locksJsonSchema> {
  return locks.map((l) => ({
    ts: l.ts,
    kind: l.kind,
    title: l.title,
    status: l.status,
    holder: orNull(l.holder),
    token: orNull(l.token),
    leaseUntil: orNull(l.leaseUntil),
    leaseLeftS: l.leaseUntil === undefined ? null : Math.round(l.leaseUntil - now),
    pinnedAt: orNull(l.pinnedAt),
    pinnedBy: orNull(l.pinnedBy),
  }));
}

export function rolloutJson(r: RolloutRow): z.infer<typeof rolloutJsonSchema> {
  return {
    ts: r.ts,
    mode: r.strategy,
    phase: r.phase,
    ref: orNull(r.ref),
    sha: orNull(r.sha),
    done: r.done,
    total: r.total,
    current: orNull(r.current),
    failures: r.failures,
    maxFailures: r.maxFailures,
    haltReason: orNull(r.haltReason),
    promotion: r.promotion,
    hosts: r.steps.map((s) => ({ host: s.host, status: s.status, events: s.events })),
  };
}
