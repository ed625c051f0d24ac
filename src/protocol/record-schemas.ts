/**
 * The payloads of troupe's own thread records (DESIGN §3, §5), as zod schemas. The lock's records
 * (claim, release, break, yield) are slackmq's and are not repeated here.
 *
 * Schemas are strict about values and lenient about shape: unknown extra fields are dropped
 * (a newer writer may add some), anything out of range makes the whole record invalid.
 */
import { z } from 'zod';
import { checkHost, checkRef } from './validate.js';

export const PROTOCOL_VERSION = 1;

const v = z.number().int().min(1).max(1000);
const host = z.string().max(253).refine((h) => checkHost(h) === undefined);
const sha = z.string().regex(/^[0-9a-f]{7,64}$/);
const fullSha = z.string().regex(/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/);
const ts = z.string().regex(/^\d{1,12}\.\d{1,6}$/);
const text = (max: number) => z.string().min(1).max(max);
const seconds = z.number().int().min(0).max(7 * 24 * 3600);
/** A Slack user id (`U…`/`W…`) or a bot/app name: who typed the command. */
const who = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/);
const hostList = z.array(host).min(1).max(500).refine((hosts) => new Set(hosts).size === hosts.length);

export const UPDATE_PHASES = ['fetching', 'switching', 'building', 'restarting', 'checking', 'soaking', 'reverting', 'rolling-back'] as const;
export const AGENT_STATES = ['idle', 'updating', 'restarting', 'healthy', 'failed', 'stopping'] as const;
export const HALT_CODES = ['failures', 'lost', 'error'] as const;

/** A person's steering command, relayed into the rollout thread by the agent that took it. */
const steer = z.object({ v, by: who, command_ts: ts.optional(), reason: text(500).optional() });

export const SCHEMAS = {
  plan: z.object({
    v,
    mode: z.enum(['canary', 'rolling']),
    ref: z.string().max(200).refine((r) => checkRef(r) === undefined),
    sha: fullSha,
    order: hostList,
    batch: z.number().int().min(1).max(100),
    max_failures: z.number().int().min(0).max(100),
    lease_s: seconds.min(1),
    health_deadline_s: seconds.min(1),
    soak_s: seconds,
    /** Canary only: `manual` waits for `deploy promote`; `auto` promotes after a healthy soak. */
    promotion: z.enum(['manual', 'auto']).default('manual'),
    /** Continue past a lost holder (spending failure budget) instead of halting. */
    continue_on_lost: z.boolean().default(false),
    by: who.optional(),
  }),
  /** The lock message of batch slot `index` (1…batch-1); slot 0 is the command message itself. */
  slot: z.object({ v, index: z.number().int().min(1).max(99) }),
  progress: z.object({ v, host, phase: z.enum(UPDATE_PHASES), sha: sha.optional(), token: ts.optional(), detail: text(300).optional() }),
  done: z.object({ v, host, sha, from_sha: sha.optional(), token: ts.optional(), duration_s: seconds.optional() }),
  /** A failure that changed nothing on the host (fetch, dirty tree, refused sha, peer guard timeout…). */
  failed: z.object({ v, host, reason: text(500), phase: z.enum(UPDATE_PHASES).optional(), sha: sha.optional(), token: ts.optional() }),
  /** The host went to `sha`, failed, and is back on `restored_sha`. */
  reverted: z.object({ v, host, reason: text(500), sha, restored_sha: sha, token: ts.optional(), log_tail: z.string().max(3000).optional() }),
  canary_healthy: z.object({ v, host, sha, soak_s: seconds }),
  halted: z.object({ v, code: z.enum(HALT_CODES), reason: text(500), host: host.optional(), by: host.optional() }),
  /** The result of `run` on one host (in the thread of the run command). */
  output: z.object({
    v, host, name: text(64),
    exit_code: z.number().int().min(-1).max(255).nullable(),
    signal: text(16).optional(),
    duration_ms: z.number().int().min(0).max(1e9),
    truncated: z.boolean().default(false),
    bytes: z.number().int().min(0).max(1e12).optional(),
  }),
  promoted: steer,
  aborted: steer,
  paused: steer,
  resumed: steer,
  retried: steer,
  rollback: steer,
  /** One host of a rollback is back on `sha` (from `from_sha`). */
  rolled_back: z.object({ v, host, sha, from_sha: sha, token: ts.optional() }),
  /** The top-level roster message. */
  roster: z.object({ v, title: text(100).optional() }),
  /** One agent's reply under the roster, edited as its heartbeat. */
  agent: z.object({
    v, host,
    agent_id: text(64),
    version: text(64),
    sha: sha.optional(),
    state: z.enum(AGENT_STATES),
    /** Unix seconds (the agent's clock; Slack's `edited.ts` is preferred for freshness). */
    started: z.number().min(0).max(1e11),
    heartbeat: z.number().min(0).max(1e11),
    /** Seconds between heartbeats this agent promises. */
    interval_s: z.number().int().min(1).max(3600).default(60),
    connection: z.enum(['socket', 'poll']),
    /** The rollout (command ts) the agent is working on, if any. */
    rollout: ts.optional(),
  }),
} as const;

export type ProtocolKind = keyof typeof SCHEMAS;
export type ProtocolPayload<K extends ProtocolKind> = z.infer<(typeof SCHEMAS)[K]>;
/** What an encoder takes: the defaults and `v` may be left out. */
export type ProtocolInput<K extends ProtocolKind> = Omit<z.input<(typeof SCHEMAS)[K]>, 'v'>;

export const PROTOCOL_KINDS = Object.keys(SCHEMAS) as ProtocolKind[];

/** `troupe_<kind>`, the metadata `event_type` of each record. */
export function eventType(kind: ProtocolKind): string {
  return `troupe_${kind}`;
}
