/**
 * The dashboard's view model: plain, display-ready data. Every field is derived from the
 * protocol reducers' state (src/view/build-view.ts); components never read Slack messages.
 * Times are Slack time in seconds since the epoch; ages are computed against `now` at render.
 */

/** A host's state as the roster reducer reports it. */
export type HostState = 'idle' | 'updating' | 'restarting' | 'healthy' | 'failed' | 'lost' | 'stopping';

export interface FleetRow {
  host: string;
  state: HostState;
  version?: string;
  sha?: string;
  /** Slack time of the last heartbeat (the roster reply's edit), if any. */
  heartbeatAt?: number;
  /** The reducer judged the heartbeat too old. */
  stale: boolean;
  /** How the agent hears the channel. */
  link: 'socket' | 'poll';
  /** Its part in the current rollout: `holder`, `next`, `done`, `failed`, `waiting`, … */
  role?: string;
}

export type LockKind = 'rollout' | 'run' | 'person' | 'other';

/** What the lock library says about a pin (slackmq inspect). */
/** `unknown`: its thread has not been read yet (the dashboard reads within its API budget). */
export type LockStatus = 'held' | 'expired' | 'unclaimed' | 'released' | 'broken' | 'unknown';

export interface LockRow {
  /** ts of the pinned message. */
  ts: string;
  kind: LockKind;
  /** Short text of the pinned message. */
  title: string;
  status: LockStatus;
  holder?: string;
  /** The claim reply's ts. */
  token?: string;
  /** Slack time at which the lease runs out. */
  leaseUntil?: number;
  /** Slack time of the pin (pins.list `created`). */
  pinnedAt?: number;
  /** Who pinned it, for a person's pin. */
  pinnedBy?: string;
}

/** The rollout reducer's phases and per-host statuses (src/protocol/rollout-state.ts). */
export type RolloutPhase =
  | 'pending'
  | 'planned'
  | 'running'
  | 'canary-soaking'
  | 'canary-healthy'
  | 'paused'
  | 'halted'
  | 'done'
  | 'aborted'
  | 'rolling-back'
  | 'rolled-back';

export type StepStatus = 'pending' | 'updating' | 'done' | 'failed' | 'reverted' | 'lost' | 'rolling-back' | 'rolled-back';

/** One event of one host's part in a rollout, for the timeline. */
export interface TimelineEvent {
  at: number;
  text: string;
}

export interface HostStep {
  host: string;
  status: StepStatus;
  events: TimelineEvent[];
}

export interface RolloutRow {
  /** ts of the command message. */
  ts: string;
  strategy: 'rolling' | 'canary';
  phase: RolloutPhase;
  ref?: string;
  sha?: string;
  done: number;
  total: number;
  current?: string;
  failures: number;
  maxFailures: number;
  haltReason?: string;
  /** `manual`, `auto` (canary), or `none` (rolling). */
  promotion: string;
  startedAt?: number;
  steps: HostStep[];
}

export interface FeedItem {
  ts: string;
  /** Slack time of the record. */
  at: number;
  host?: string;
  /** Record kind: claim, done, failed, halted, … */
  kind: string;
  text: string;
}

export interface BudgetRow {
  method: string;
  /** Calls in the last minute by this dashboard. */
  perMinute: number;
  /** Slack's allowance for the whole app, per minute. */
  tier: number;
  /** The dashboard's own allowance, per minute. */
  share: number;
  rateLimited: number;
}

export interface DashboardView {
  channel: string;
  fleet: FleetRow[];
  locks: LockRow[];
  rollouts: RolloutRow[];
  feed: FeedItem[];
  budget: BudgetRow[];
  /** Slack time of the last successful refresh. */
  updatedAt?: number;
  /** The last refresh failed: what went wrong and what to do. */
  error?: string;
}

export const emptyView = (channel: string): DashboardView => ({
  channel,
  fleet: [],
  locks: [],
  rollouts: [],
  feed: [],
  budget: [],
});
