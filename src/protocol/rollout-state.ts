/** The state of one rollout as every agent and the dashboard derive it from its thread (DESIGN §5). */
import type { ClaimView, LockTiming, LockView, PinState } from '../slackmq/decide.js';
import type { ProtocolPayload } from './record-schemas.js';

export const ROLLOUT_PHASES = [
  'pending', 'planned', 'running', 'canary-soaking', 'canary-healthy', 'paused', 'halted', 'done', 'aborted', 'rolling-back', 'rolled-back',
] as const;
/** `pending`: no plan in the thread yet; the rest as DESIGN §5 describes. */
export type RolloutPhase = (typeof ROLLOUT_PHASES)[number];

export type HostRolloutStatus = 'pending' | 'updating' | 'done' | 'failed' | 'reverted' | 'lost' | 'rolling-back' | 'rolled-back';

export interface TimelineEntry {
  ts: string;
  /** The record kind (`claim`, `progress`, `done`, …). */
  kind: string;
  host?: string;
  /** A short readable detail: the phase, the reason, the sha. */
  detail?: string;
}

export interface HostRollout {
  host: string;
  /** Place in the plan order (0 = first; the canary in a canary rollout). */
  index: number;
  /** The lock slot this host takes its turn in (`index % batch`). */
  slot: number;
  status: HostRolloutStatus;
  /** Last reported update phase, while updating. */
  phase?: ProtocolPayload<'progress'>['phase'];
  /** The sha the host left (from its claim or `done`): where a rollback returns it. */
  fromSha?: string;
  /** For a lost host: what it was doing when its lease ran out. */
  lostWhile?: 'updating' | 'rolling-back';
  /** Why it failed, reverted or was lost. */
  reason?: string;
  /** ts of its `done` (rollbacks go in reverse order of these). */
  doneTs?: string;
  timeline: TimelineEntry[];
}

export interface PlanView {
  ts: string;
  mode: 'canary' | 'rolling';
  ref: string;
  sha: string;
  order: string[];
  batch: number;
  maxFailures: number;
  leaseS: number;
  healthDeadlineS: number;
  soakS: number;
  promotion: 'manual' | 'auto';
  continueOnLost: boolean;
  by?: string;
}

export interface SlotState {
  index: number;
  /** The message whose pin is this slot's lock: the command for slot 0, else its `slot` record. */
  messageTs?: string;
  lock: LockView;
}

export interface RolloutState {
  /** The command message's ts (the thread's parent), when seen. */
  rolloutTs?: string;
  /** Who typed the command (its `user`), when seen. */
  commandBy?: string;
  plan?: PlanView;
  phase: RolloutPhase;
  /** Per host of the plan, in plan order. */
  hosts: HostRollout[];
  /** Failures (failed, reverted, lost) since the plan or the last `retry`. */
  failures: number;
  /** `max-failures` of the plan (0 without a plan). */
  failureBudget: number;
  /** Retries so far; failures are counted afresh after each. */
  epoch: number;
  slots: SlotState[];
  /** Current claims of every slot (at most one per slot), expired or not. */
  holders: ClaimView[];
  paused: boolean;
  promoted: boolean;
  aborted: boolean;
  rollbackRequested: boolean;
  canary?: { host: string; healthy: boolean };
  halt?: { code: 'failures' | 'lost' | 'error' | 'aborted'; reason: string; host?: string };
  /** The halt was posted as a `halted` record (otherwise it is derived and nobody has said it yet). */
  haltRecorded: boolean;
  /** Hosts still to roll back, in the order they go (reverse of `done`), while rolling back. */
  rollbackQueue: string[];
  timeline: TimelineEntry[];
  /** ts of the latest record (or edit) in the thread. */
  lastActivityTs?: string;
  /** The Slack time the state was judged at. */
  now: number;
}

export interface ReduceRolloutOptions {
  /** Slack time (seconds) to judge leases at; default: the latest ts or edit in the thread. */
  now?: number;
  /** Pin state per message ts (from `pins.list`), for each slot's lock. */
  pins?: ReadonlyMap<string, PinState>;
  timing?: LockTiming;
  /** Only records written by this author (`bot_id`) count: other apps can write metadata too. */
  trustedAuthor?: string;
}
