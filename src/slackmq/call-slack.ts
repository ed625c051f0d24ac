/**
 * Every Slack call of the library goes through `callSlack`, which translates the official
 * client's errors at the edge:
 * - the errors the caller expects (`already_pinned`, `no_pin`, `already_reacted`, …) come back
 *   as values, never as exceptions;
 * - 429 (`ratelimited`, or the client's rate-limited error) is waited out for `Retry-After` and
 *   up to half as long again at random (`RATE_JITTER`);
 * - 5xx, `internal_error`-like answers and network errors are retried with jittered back-off;
 * - `missing_scope` becomes `MissingScopeError` naming the scope; auth errors `SlackAuthError`;
 * - anything else becomes `SlackCallError`. No `WebAPI*Error` escapes.
 * `ambiguous` tells the caller that an earlier attempt may have been applied by Slack (a 5xx or
 * a dropped connection after the request was sent), which matters for `pins.add`.
 */
import { MissingScopeError, SlackAuthError, SlackCallError, SlackUnavailableError } from './errors.js';
import type { ClockPort, RandomPort } from './ports.js';

export interface RetryPolicy {
  /** Attempts for transient failures (5xx, network); rate-limit waits do not count. */
  maxAttempts: number;
  baseMs: number;
  maxMs: number;
  /** At most this many `Retry-After` waits per call. */
  maxRateLimitWaits: number;
}

/**
 * A 429's wait is `Retry-After` × (1 + up to this, at random). Slack's `Retry-After` is whole
 * seconds, so the contenders that met one limit together would otherwise all come back in the
 * same second and meet it again.
 */
export const RATE_JITTER = 0.5;

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseMs: 300, maxMs: 8_000, maxRateLimitWaits: 20 };

export interface CallContext {
  clock: ClockPort;
  random: RandomPort;
  retry: RetryPolicy;
  /** Monotonic ms after which no new attempt starts (`SlackUnavailableError` instead). */
  deadlineMs?: number;
}

/**
 * `startedMs`: when the earliest attempt that Slack may have applied was sent (monotonic): the
 * answering attempt, or an earlier one that failed ambiguously. Anything Slack stamped for this
 * call was stamped after it.
 */
export type CallOutcome<T, E extends string> =
  | { ok: true; value: T; ambiguous: boolean; startedMs: number }
  | { ok: false; error: E; ambiguous: boolean; startedMs: number };

const AUTH_ERRORS = new Set([
  'not_authed', 'invalid_auth', 'account_inactive', 'token_revoked', 'token_expired', 'no_permission',
  'org_login_required', 'ekm_access_denied', 'not_allowed_token_type', 'team_access_not_granted',
]);
/** Answered `ok:false` but worth retrying; the first three may have been applied. */
const TRANSIENT_ERRORS = new Set(['internal_error', 'fatal_error', 'request_timeout', 'service_unavailable', 'ratelimited', 'rate_limited']);
const NOT_APPLIED = new Set(['service_unavailable', 'ratelimited', 'rate_limited']);

const SCOPE_BY_METHOD: Record<string, string> = {
  'pins.list': 'pins:read',
  'conversations.replies': 'channels:history',
  'chat.postMessage': 'chat:write',
  'chat.update': 'chat:write',
};

type Failure =
  | { kind: 'expected'; error: string }
  | { kind: 'rate'; retryAfterS: number }
  | { kind: 'transient'; applied: boolean }
  | { kind: 'fatal'; error: Error };

interface VendorError {
  code?: unknown;
  data?: { error?: unknown; needed?: unknown };
  retryAfter?: unknown;
  statusCode?: unknown;
  headers?: Record<string, unknown>;
}

function retryAfterOf(headers: Record<string, unknown> | undefined): number {
  const value = Number(headers?.['retry-after'] ?? headers?.['Retry-After']);
  return Number.isFinite(value) && value >= 0 ? value : 1;
}

function platformFailure(method: string, error: string, err: VendorError, expected: readonly string[]): Failure {
  if (expected.includes(error)) return { kind: 'expected', error };
  if (error === 'ratelimited' || error === 'rate_limited') return { kind: 'rate', retryAfterS: 1 };
  if (TRANSIENT_ERRORS.has(error)) return { kind: 'transient', applied: !NOT_APPLIED.has(error) };
  if (error === 'missing_scope') {
    const needed = typeof err.data?.needed === 'string' ? err.data.needed : (SCOPE_BY_METHOD[method] ?? `${method.split('.')[0]}:write`);
    return { kind: 'fatal', error: new MissingScopeError(needed, method, { cause: err }) };
  }
  if (AUTH_ERRORS.has(error)) return { kind: 'fatal', error: new SlackAuthError(error, method, { cause: err }) };
  return { kind: 'fatal', error: new SlackCallError(error, method, { cause: err }) };
}

/** Sorts a thrown value from the official client (or a fake that throws the same shapes). */
export function classify(method: string, thrown: unknown, expected: readonly string[]): Failure {
  const err = (typeof thrown === 'object' && thrown !== null ? thrown : {}) as VendorError;
  switch (err.code) {
    case 'slack_webapi_platform_error':
      return platformFailure(method, String(err.data?.error ?? 'unknown_error'), err, expected);
    case 'slack_webapi_rate_limited_error':
      return { kind: 'rate', retryAfterS: typeof err.retryAfter === 'number' ? err.retryAfter : 1 };
    case 'slack_webapi_http_error': {
      const status = Number(err.statusCode);
      if (status === 429) return { kind: 'rate', retryAfterS: retryAfterOf(err.headers) };
      if (status >= 500 || status === 408) return { kind: 'transient', applied: true };
      return { kind: 'fatal', error: new SlackCallError(`http_${status}`, method, { cause: thrown }) };
    }
    case 'slack_webapi_request_error':
      return { kind: 'transient', applied: true };
    default:
      return { kind: 'fatal', error: thrown instanceof Error ? thrown : new SlackCallError(String(thrown), method) };
  }
}

/** The jittered back-off after attempt `attempt`: between half its ceiling and the whole of it. */
export function backoffMs(policy: RetryPolicy, attempt: number, random: RandomPort): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
  return ceiling / 2 + random.next() * (ceiling / 2);
}

/** Calls Slack once or more (see the file comment). */
export async function callSlack<T, E extends string = never>(
  method: string,
  fn: () => Promise<T>,
  ctx: CallContext,
  expected: readonly E[] = [],
): Promise<CallOutcome<T, E>> {
  let attempts = 0;
  let rateWaits = 0;
  let ambiguous = false;
  let appliedFrom: number | undefined;
  let lastThrown: unknown;
  for (;;) {
    // The step's deadline bounds every attempt, the first one too: a process paused since its
    // last await (or in a back-off) wakes past it, and a breaker's or a release's `pins.remove`
    // sent then could land on the next holder's pin (I3).
    if (ctx.deadlineMs !== undefined && ctx.clock.monotonicMs() >= ctx.deadlineMs) {
      throw new SlackUnavailableError(method, attempts, attempts > 0 ? { cause: lastThrown } : undefined);
    }
    attempts += 1;
    let failure: Failure;
    const sent = ctx.clock.monotonicMs();
    try {
      return { ok: true, value: await fn(), ambiguous, startedMs: appliedFrom ?? sent };
    } catch (thrown) {
      lastThrown = thrown;
      failure = classify(method, thrown, expected);
      if (failure.kind === 'expected') return { ok: false, error: failure.error as E, ambiguous, startedMs: appliedFrom ?? sent };
      if (failure.kind === 'fatal') throw failure.error;
      if (failure.kind === 'transient' && failure.applied) {
        ambiguous = true;
        appliedFrom ??= sent;
      }
      const exhausted = failure.kind === 'rate' ? ++rateWaits > ctx.retry.maxRateLimitWaits : attempts >= ctx.retry.maxAttempts;
      const waitMs = failure.kind === 'rate' ? failure.retryAfterS * 1000 * (1 + RATE_JITTER * ctx.random.next()) : backoffMs(ctx.retry, attempts, ctx.random);
      const late = ctx.deadlineMs !== undefined && ctx.clock.monotonicMs() + waitMs > ctx.deadlineMs;
      if (exhausted || late) throw new SlackUnavailableError(method, attempts, { cause: thrown });
      await ctx.clock.sleep(waitMs);
    }
  }
}

/** `callSlack` for calls with no expected errors: the value, or a thrown `SlackmqError`. */
export async function callValue<T>(method: string, fn: () => Promise<T>, ctx: CallContext): Promise<T> {
  return (await callTimed(method, fn, ctx)).value;
}

/** `callValue` that also says when the successful attempt was sent. */
export async function callTimed<T>(method: string, fn: () => Promise<T>, ctx: CallContext): Promise<{ value: T; startedMs: number }> {
  const outcome = await callSlack(method, fn, ctx);
  if (!outcome.ok) throw new SlackCallError(outcome.error, method);
  return { value: outcome.value, startedMs: outcome.startedMs };
}
