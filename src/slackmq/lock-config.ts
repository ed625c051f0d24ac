/**
 * The options of a lock and the resolved settings every part of it shares.
 */
import { DEFAULT_RETRY, type CallContext, type RetryPolicy } from './call-slack.js';
import { DEFAULT_TIMING, type LockTiming } from './decide.js';
import { systemClock, systemRandom, type ClockPort, type RandomPort, type SlackPorts } from './ports.js';
import { SlackClock } from './slack-clock.js';
import type { LockLostError } from './errors.js';
import type { LockSite } from './thread.js';

export interface PinLockOptions {
  /** A `WebClient` (best made with `lockClient`, so retries are the lock's) or anything with the same ports. */
  slack: SlackPorts;
  channel: string;
  /** The message whose pin is the lock. */
  ts: string;
  /** Names this contender in records and in `inspect` (troupe uses the host name). */
  host: string;
  /** Lease in seconds (default 120), renewed every third of it. */
  leaseS?: number;
  /**
   * The holder stops trusting its lease this long before it runs out; a release unpins only
   * within grace − margin of its post. Default: a quarter of the lease, at most a third of the grace.
   */
  marginS?: number;
  /** Lock delay and grace (defaults 15 s and 30 s). */
  timing?: Partial<LockTiming>;
  retry?: Partial<RetryPolicy>;
  clock?: ClockPort;
  random?: RandomPort;
  /** Carried in the claim for people and for troupe's rollouts. */
  fromSha?: string;
  toSha?: string;
  /**
   * Slack time as this process knows it. Share one across the locks of a process (it must run on
   * the same `clock`): every read of any lock sharpens it, and a lock made for a retry does not
   * start from the stale time of a quiet thread.
   */
  slackClock?: SlackClock;
  /** Called once when a held lease is lost (broken, expired, or found not current). */
  onLost?: (error: LockLostError) => void;
}

export interface LockConfig {
  site: LockSite;
  host: string;
  leaseS: number;
  marginS: number;
  timing: LockTiming;
  clock: ClockPort;
  random: RandomPort;
  options: PinLockOptions;
}

/** Validates options (a bad value says what to pass instead) and shares one SlackClock. */
export function lockConfig(options: PinLockOptions): LockConfig {
  const leaseS = options.leaseS ?? 120;
  if (!(leaseS >= 1 && leaseS <= 7 * 24 * 3600)) throw new RangeError(`leaseS must be between 1 and 604800 seconds, got ${leaseS}`);
  const timing = { ...DEFAULT_TIMING, ...options.timing };
  // A quarter lease of margin would leave a release no time to unpin when the lease is four
  // times the grace (the defaults: 120 s and 30 s), and the next holder would wait out the grace.
  const marginS = options.marginS ?? Math.min(leaseS / 4, timing.graceS / 3);
  if (!(marginS >= 0 && marginS < leaseS)) throw new RangeError(`marginS must be at least 0 and below leaseS (${leaseS}), got ${marginS}`);
  if (!options.host || options.host.length > 100) throw new RangeError('host must name this contender in 1 to 100 characters (for example the host name)');
  for (const key of ['fromSha', 'toSha'] as const) {
    const sha = options[key];
    if (sha !== undefined && (sha.length === 0 || sha.length > 64)) throw new RangeError(`${key} must be a commit id of 1 to 64 characters, got ${sha.length}`);
  }
  const clock = options.clock ?? systemClock;
  const random = options.random ?? systemRandom;
  const call: CallContext = { clock, random, retry: { ...DEFAULT_RETRY, ...options.retry } };
  const site: LockSite = { slack: options.slack, channel: options.channel, ts: options.ts, call, clock: options.slackClock ?? new SlackClock(clock) };
  return { site, host: options.host, leaseS, marginS, timing, clock, random, options };
}

/** The same site with a deadline (monotonic ms) on every call. */
export function withDeadline(site: LockSite, deadlineMs: number | undefined): LockSite {
  return { ...site, call: { ...site.call, deadlineMs } };
}

/** A short random id for a claim or a break. */
export function makeNonce(random: RandomPort): string {
  let out = '';
  for (let i = 0; i < 12; i++) out += Math.floor(random.next() * 36).toString(36);
  return out;
}
