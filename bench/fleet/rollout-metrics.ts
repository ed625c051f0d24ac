import type { CallLogEntry } from '../../src/emulator/api.js';
import { TIERS, type BucketSpec } from '../../src/emulator/rate-limiter.js';
import type { SnapshotMessage } from './bench-fleet.js';

/**
 * Seconds a fleet of `hosts` needs to make `callsPerHost` calls each of one method whose bucket
 * is `bucket` (the local Slack's tiers, Slack's): the bucket's calls at once, the rest at its rate.
 */
function bucketFloor(hosts: number, callsPerHost: number, bucket: BucketSpec): number {
  return Math.max(0, hosts * callsPerHost - bucket.capacity) / bucket.perSecond;
}

/**
 * The floor Tier 2 puts under a rollout of `hosts` hosts, where each host's turn needs one
 * `pins.add` (and one `pins.remove`, a separate method with its own allowance):
 * `sustained` = hosts × 60 / 20 s (20 calls a minute, no credit for a burst);
 * `burst` = what a full bucket of 20 allows: only adds past the 20th wait, 3 s apart.
 */
export function tier2Floor(hosts: number): { sustained: number; burst: number } {
  return { sustained: hosts / TIERS[2].perSecond, burst: bucketFloor(hosts, 1, TIERS[2]) };
}

/**
 * The floor Tier 3 puts under troupe's turn-taking, where a rollout of `hosts` hosts needs
 * `readsPerHost` `conversations.replies` calls a host (its first look at the thread when it finds
 * the command, and the reads of its turn): the app's 50 at once, then 50 a minute, the whole
 * method to the rollout and nothing to heartbeats, the queue or a dashboard. The herd reads no
 * thread and has none.
 */
export function tier3ReadFloor(hosts: number, readsPerHost: number): number {
  return bucketFloor(hosts, readsPerHost, TIERS[3]);
}

export interface RolloutMetrics {
  hosts: number;
  totalSeconds: number;
  /** From the command to the first claim: the plan, and the first host's preflight and claim. */
  firstClaimSeconds: number | null;
  handoffMedianSeconds: number;
  handoffP95Seconds: number;
  handoffs: number[];
  callsPerHost: Record<string, number>;
  calls: number;
  rateLimited: number;
  rateLimitedByMethod: Record<string, number>;
  /** The lower bound Tier 2's bucket puts under the rollout (20 at once, then 20 a minute). */
  floorSeconds: number;
  /** 20 calls a minute with no credit for the burst: 3 s per host. */
  sustainedFloorSeconds: number;
  /** totalSeconds / floorSeconds (null when the floor is 0). */
  floorRatio: number | null;
}

export interface LockRecord {
  kind: 'claim' | 'release';
  ts: number;
  host: string;
}

/** Claims and releases of a rollout thread in ts order (the hosts' own view is not needed: Slack's ts order is the log). */
export function lockRecords(messages: SnapshotMessage[], rollout: string, kinds: Record<'claim' | 'release', string>): LockRecord[] {
  const out: LockRecord[] = [];
  for (const m of messages) {
    if (m.thread_ts !== rollout || m.ts === rollout) continue;
    const type = m.metadata?.event_type;
    const kind = type === kinds.claim ? 'claim' : type === kinds.release ? 'release' : undefined;
    if (kind) out.push({ kind, ts: Number(m.ts), host: String(m.metadata?.event_payload?.host ?? '') });
  }
  return out.sort((a, b) => a.ts - b.ts);
}

/** Seconds from each release to the next claim. */
export function handoffGaps(records: LockRecord[]): number[] {
  const gaps: number[] = [];
  for (let i = 0; i < records.length; i += 1) {
    const rec = records[i];
    if (rec?.kind !== 'release') continue;
    const next = records.slice(i + 1).find((r) => r.kind === 'claim');
    if (next) gaps.push(next.ts - rec.ts);
  }
  return gaps;
}

export function quantile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index] ?? 0;
}

/** Calls by method. */
export function countByMethod(calls: readonly CallLogEntry[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const call of calls) counts[call.method] = (counts[call.method] ?? 0) + 1;
  return counts;
}

/** Every number the rollout and herd benchmarks print, from the thread and the call log of the run. */
export function rolloutMetrics(args: {
  hosts: number;
  startMs: number;
  endMs: number;
  records: LockRecord[];
  calls: CallLogEntry[];
  clients: string[];
}): RolloutMetrics {
  const { hosts, calls } = args;
  const window = calls.filter((c) => c.time >= args.startMs && c.time <= args.endMs && args.clients.includes(c.client));
  const byMethod = countByMethod(window);
  const limitedCalls = window.filter((c) => c.rateLimited);
  const limited = countByMethod(limitedCalls);
  const callsPerHost = Object.fromEntries(Object.entries(byMethod).sort().map(([m, n]) => [m, round(n / hosts)]));
  const gaps = handoffGaps(args.records);
  const totalSeconds = round((args.endMs - args.startMs) / 1000);
  const floor = tier2Floor(hosts);
  const firstClaim = args.records.find((r) => r.kind === 'claim');
  return {
    hosts,
    totalSeconds,
    firstClaimSeconds: firstClaim ? round(firstClaim.ts - args.startMs / 1000) : null,
    handoffMedianSeconds: round(quantile(gaps, 0.5)),
    handoffP95Seconds: round(quantile(gaps, 0.95)),
    handoffs: gaps.map(round),
    callsPerHost,
    calls: window.length,
    rateLimited: limitedCalls.length,
    rateLimitedByMethod: limited,
    floorSeconds: floor.burst,
    sustainedFloorSeconds: floor.sustained,
    floorRatio: floor.burst > 0 ? round(totalSeconds / floor.burst) : null,
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
