import { LEASE_S } from './chaos-fleet.js';
import { Prng } from './prng.js';

/** One fault, `atMs` after the rollout's command (or, for `kill-in-section`, when the host enters). */
export type Fault =
  | { kind: 'kill'; host: string; atMs: number; downMs: number }
  | { kind: 'kill-in-section'; host: string; downMs: number }
  | { kind: 'drop-sockets'; atMs: number }
  | { kind: 'storm'; atMs: number; seconds: number }
  | { kind: 'burst-5xx'; atMs: number; count: number }
  | { kind: 'cut-off'; host: string; atMs: number; ms: number }
  | { kind: 'restart-slack'; atMs: number; downMs: number };

export interface Schedule {
  seed: number;
  hosts: number;
  mode: 'rolling' | 'canary';
  /** Socket Mode redelivers envelopes not acked within this: small values duplicate events. */
  ackTimeoutMs: number;
  faults: Fault[];
}

const KINDS: Fault['kind'][] = ['kill', 'kill-in-section', 'drop-sockets', 'storm', 'burst-5xx', 'cut-off', 'restart-slack'];

/**
 * The fault schedule of one run: 3–5 hosts, rolling or canary, one to three faults in the first
 * 15 s. `quick` (CI): 3 hosts, one or two faults in the first 6 s.
 */
export function makeSchedule(seed: number, quick = false): Schedule {
  const rng = new Prng(seed);
  const hosts = quick ? 3 : rng.int(3, 5);
  const host = () => `web-${rng.int(1, hosts)}`;
  const at = () => rng.int(0, quick ? 6000 : 15_000);
  const faults: Fault[] = [];
  const count = rng.int(1, quick ? 2 : 3);
  for (let i = 0; i < count; i += 1) {
    const kind = rng.pick(KINDS);
    switch (kind) {
      case 'kill': faults.push({ kind, host: host(), atMs: at(), downMs: rng.int(200, 4000) }); break;
      case 'kill-in-section': faults.push({ kind, host: host(), downMs: rng.int(200, 4000) }); break;
      case 'drop-sockets': faults.push({ kind, atMs: at() }); break;
      case 'storm': faults.push({ kind, atMs: at(), seconds: rng.int(1, 4) }); break;
      case 'burst-5xx': faults.push({ kind, atMs: at(), count: rng.int(2, 12) }); break;
      case 'cut-off': faults.push({ kind, host: host(), atMs: at(), ms: Math.round((LEASE_S + rng.int(1, 4)) * 1000) }); break;
      case 'restart-slack': faults.push({ kind, atMs: at(), downMs: rng.int(100, 2000) }); break;
    }
  }
  return { seed, hosts, mode: rng.next() < 0.7 ? 'rolling' : 'canary', ackTimeoutMs: rng.next() < 0.3 ? 60 : 3000, faults };
}

export function describeSchedule(s: Schedule): string {
  const faults = s.faults.map((f) => Object.entries(f).map(([k, v]) => (k === 'kind' ? v : `${k}=${v}`)).join(' ')).join('; ');
  return `${s.hosts} hosts, ${s.mode}, ack ${s.ackTimeoutMs} ms, faults: ${faults}`;
}
