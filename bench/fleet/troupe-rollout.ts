import { BenchFleet } from './bench-fleet.js';
import { READS_PER_TURN } from '../../src/agent/rollout/rollout-pace.js';
import { countByMethod, lockRecords, rolloutMetrics, tier3ReadFloor, type RolloutMetrics } from './rollout-metrics.js';

const KINDS = { claim: 'troupe_claim', release: 'troupe_release' } as const;

export interface RunResult extends RolloutMetrics {
  mode: 'troupe' | 'herd';
  outcome: string;
  /** Agents whose start failed and that were started again 5 s later, by host. */
  failedStarts?: Record<string, number>;
  /** 429s while the fleet booted and settled, before the command (not counted in `rateLimited`). */
  bootRateLimited?: number;
  /** The same by method. */
  bootRateLimitedByMethod?: Record<string, number>;
  /** troupe: the floor Tier 3 puts under its reads of the thread (`tier3ReadFloor`). */
  readFloorSeconds?: number;
}

/** conversations.replies calls a host of a rolling update needs: its first look, and its turn's. */
export const READS_PER_HOST = 1 + READS_PER_TURN;

/**
 * How long a booted fleet runs before the command: a minute refills every method's burst after
 * the boot (joins, first reads, the beats that follow a growing fleet), as on a fleet that has run
 * for a while when someone deploys. The boot's own 429s are counted apart (`bootRateLimited`).
 */
const SETTLE_MS = 60_000;

export function args(argv: string[]): { hosts: number[]; json: boolean; fetchDelayMs: number } {
  const json = argv.includes('--json');
  const delayAt = argv.indexOf('--fetch-delay-ms');
  const fetchDelayMs = delayAt >= 0 ? Number(argv[delayAt + 1]) : 0;
  if (!Number.isInteger(fetchDelayMs) || fetchDelayMs < 0 || fetchDelayMs > 60_000) {
    throw new Error(`--fetch-delay-ms takes milliseconds from 0 to 60000 (got "${argv[delayAt + 1] ?? ''}"), e.g. --fetch-delay-ms 1000`);
  }
  const at = argv.indexOf('--hosts');
  const list = at >= 0 ? (argv[at + 1] ?? '') : '3,10,30';
  const hosts = list.split(',').map((s) => Number(s.trim()));
  if (hosts.some((n) => !Number.isInteger(n) || n < 1 || n > 60)) {
    throw new Error(`--hosts takes a comma-separated list of fleet sizes from 1 to 60 (got "${list}"), e.g. --hosts 3,10,30`);
  }
  return { hosts, json, fetchDelayMs };
}

/** Seconds a rollout of `hosts` may take before the benchmark gives up on it. */
export const rolloutBound = (hosts: number): number => 120 + hosts * 20;

/**
 * One rolling update (`deploy rolling v2`, no-op build and restart) over a fresh fleet of
 * in-process troupe agents against the local Slack with Slack's tiers, posted once the fleet has
 * settled; measured from the command to the last host's release.
 */
export async function troupeRollout(hosts: number, fetchDelayMs = 0): Promise<RunResult> {
  const fleet = await BenchFleet.create({ hosts, fetchDelayMs });
  try {
    await fleet.startAgents();
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const startMs = Date.now();
    const boot = fleet.slack.callLog().filter((c) => c.rateLimited && c.time < startMs);
    const { ts } = await fleet.slack.postAsUser({ user: 'alice', text: 'deploy rolling v2' });
    const records = () => fleet.messages().filter((m) => m.thread_ts === ts).map((m) => m.metadata?.event_type);
    let outcome = 'done';
    try {
      await fleet.waitFor('the rollout to end', () => {
        const kinds = records();
        if (kinds.includes('troupe_halted')) outcome = 'halted';
        return outcome === 'halted' || kinds.filter((k) => k === 'troupe_release').length >= hosts;
      }, rolloutBound(hosts) * 1000);
    } catch {
      outcome = 'timed out';
    }
    if (process.env.TROUPE_BENCH_TRACE) process.stderr.write(trace(fleet, ts));
    const lock = lockRecords(fleet.messages(), ts, KINDS);
    const last = lock.filter((r) => r.kind === 'release').at(-1);
    const endMs = last ? Math.round(last.ts * 1000) : Date.now();
    if (outcome !== 'done') process.stderr.write(`troupe rollout over ${hosts} hosts: ${outcome}\n${fleet.hosts.map((h) => h.log.slice(-8).join('')).join('')}`);
    const metrics = rolloutMetrics({ hosts, startMs, endMs, records: lock, calls: fleet.slack.callLog(), clients: fleet.hosts.map((h) => h.name) });
    return {
      mode: 'troupe', outcome, ...metrics, failedStarts: fleet.restarts, bootRateLimited: boot.length, bootRateLimitedByMethod: countByMethod(boot),
      readFloorSeconds: tier3ReadFloor(hosts, READS_PER_HOST),
    };
  } finally {
    await fleet.stop();
  }
}

/**
 * The rollout's thread, one record a line with seconds from the command, and each 429 at its
 * second, by host and method (TROUPE_BENCH_TRACE=1); the conversations.replies calls of every
 * 20 s; then each host's rollout log lines.
 */
function trace(fleet: BenchFleet, rollout: string): string {
  const start = Number(rollout);
  const at = (seconds: number) => (seconds - start).toFixed(2).padStart(8);
  const records = fleet
    .messages()
    .filter((m) => m.thread_ts === rollout && m.ts !== rollout)
    .map((m) => ({ s: Number(m.ts), line: `${at(Number(m.ts))} ${m.metadata?.event_type ?? 'text'} ${String(m.metadata?.event_payload?.host ?? '')}\n` }));
  const limited = fleet.slack
    .callLog()
    .filter((c) => c.rateLimited && c.time / 1000 >= start)
    .map((c) => ({ s: c.time / 1000, line: `${at(c.time / 1000)} 429 ${c.client} ${c.method}\n` }));
  // Where conversations.replies (the method the rollout is paced by) was spent: calls Slack answered, every 20 s.
  const windows: number[] = [];
  for (const c of fleet.slack.callLog()) {
    if (c.method !== 'conversations.replies' || c.rateLimited || c.time / 1000 < start) continue;
    const w = Math.floor((c.time / 1000 - start) / 20);
    windows[w] = (windows[w] ?? 0) + 1;
  }
  const replies = `conversations.replies every 20 s from the command: ${Array.from(windows, (n) => n ?? 0).join(' ')}\n`;
  // Each host's reads, in seconds from the command: T the rollout's thread, R another thread (the roster).
  const reads = new Map<string, string[]>();
  for (const c of fleet.slack.callLog()) {
    if (c.method !== 'conversations.replies' || c.rateLimited || c.time / 1000 < start) continue;
    reads.set(c.client, [...(reads.get(c.client) ?? []), `${c.thread === rollout ? 'T' : 'R'}${(c.time / 1000 - start).toFixed(1)}`]);
  }
  const perHost = [...reads].sort(([a], [b]) => a.localeCompare(b)).map(([host, list]) => `reads ${host}: ${list.join(' ')}\n`).join('');
  return [...records, ...limited]
    .sort((a, b) => a.s - b.s)
    .map((e) => e.line)
    .join('')
    .concat(replies)
    .concat(perHost)
    .concat(fleet.hosts.flatMap((h) => h.log.filter((l) => l.includes('rollout'))).join(''));
}
