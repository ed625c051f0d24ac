/**
 * slackmq: a Slack message's pin as a lock, with a claim log in its thread, fencing tokens,
 * leases judged on Slack time, safe release and break. Stands alone: `import … from 'troupe/slackmq'`.
 */
export { ack, unack, withMessageLock, type MessageLockOptions, type MessageLockResult, type MessageRef } from './simple.js';
export { PinLock, type AcquireOptions } from './pin-lock.js';
export { Lease, type ReleaseOutcome } from './lease.js';
export type { PinLockOptions } from './lock-config.js';
export type { BreakOutcome } from './breaker.js';
export { describeLock, type LockInfo } from './inspect.js';
export {
  breakWinner,
  decideLock,
  replayLog,
  DEFAULT_TIMING,
  type BreakTarget,
  type ClaimView,
  type LockTiming,
  type LockView,
  type Me,
  type PinState,
} from './decide.js';
export { isMyTurn, finishedHosts, DEFAULT_TURN, type TurnOptions, type TurnView } from './turn.js';
export * from './records.js';
export { MARKERS, addMarker, removeMarker, setMarker, type Marker, type MarkTarget } from './markers.js';
export {
  SlackmqError,
  LockHeldError,
  LockLostError,
  MissingScopeError,
  SlackAuthError,
  SlackUnavailableError,
  SlackCallError,
  type HolderInfo,
} from './errors.js';
export { callSlack, classify, DEFAULT_RETRY, type CallContext, type CallOutcome, type RetryPolicy } from './call-slack.js';
export { SlackClock } from './slack-clock.js';
export { compareTs, isSlackTs, tsToSeconds, secondsToTs } from './slack-ts.js';
export { lockClient } from './lock-client.js';
export {
  slackPorts,
  systemClock,
  systemRandom,
  type ChatPort,
  type ClockPort,
  type PinsPort,
  type RandomPort,
  type ReactionsPort,
  type RepliesPort,
  type SlackPorts,
} from './ports.js';
