import { TroupeError } from '../errors.js';
import type { Logger } from './logger.js';
import { describe, platformError } from './thread.js';

/** `ok:false` errors that say Slack is busy or broken for a while, not that troupe is set up wrong. */
const PASSING_PLATFORM_ERRORS = ['ratelimited', 'rate_limited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout'];

/** The first wait after a passing failure, and the longest; each wait doubles, jittered. */
const FIRST_WAIT_MS = 2_000;
const LONGEST_WAIT_MS = 60_000;

/** The agent was told to stop while it waited for Slack during its start. */
export class StoppedWhileStartingError extends TroupeError {
  override readonly code = 'stopped_while_starting';
}

/**
 * Why a failed Slack call is worth waiting out (a rate limit whose retries the client used up,
 * an HTTP 5xx, Slack unreachable, a passing `ok:false`), or undefined when it is not: a refused
 * token, a missing scope or a wrong channel stays an error for a person to fix.
 */
export function passingFailure(error: unknown): string | undefined {
  const { code, statusCode, original } = (error ?? {}) as { code?: unknown; statusCode?: unknown; original?: unknown };
  if (isRateLimited(error)) return 'rate limited';
  if (code === 'slack_webapi_http_error') return typeof statusCode === 'number' && statusCode >= 500 ? `answering HTTP ${statusCode}` : undefined;
  if (code === 'slack_webapi_request_error') {
    const reason = original instanceof Error ? original.message : String(original);
    return /rate limit/i.test(reason) ? "rate limited (the client's retries are used up)" : `unreachable (${describe(reason)})`;
  }
  const platform = platformError(error);
  return platform && PASSING_PLATFORM_ERRORS.includes(platform) ? `answering ${platform}` : undefined;
}

/** A 429 the client handed back (`rejectRateLimitedCalls`) instead of retrying it. */
export function isRateLimited(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === 'slack_webapi_rate_limited_error';
}

/**
 * How long to wait after a 429 the client handed back: `Retry-After` and up to as much again at
 * random, so a fleet whose calls met the limit together does not come back in the same second.
 */
export function jitteredRetryMs(error: unknown, random: () => number = Math.random): number {
  return (retryAfterOf(error) ?? 1) * 1000 * (1 + random());
}

/** The `Retry-After` (seconds) a failed call carried, when it says. */
export function retryAfterOf(error: unknown): number | undefined {
  const { retryAfter, original } = (error ?? {}) as { retryAfter?: unknown; original?: unknown };
  if (typeof retryAfter === 'number') return retryAfter;
  const match = original instanceof Error ? /retry-after: (\d+)/.exec(original.message) : null;
  return match ? Number(match[1]) : undefined;
}

export interface WaitOutOptions {
  logger: Logger;
  /** Sleeps; ends early when the agent stops. */
  sleep: (ms: number) => Promise<void>;
  stopping: () => boolean;
  /** How long the client still has to wait after the last 429's `Retry-After` (0 when it need not). */
  rateLimitedForMs: () => number;
  random?: () => number;
}

/**
 * Runs one start step (`what`: what it reads or writes) until it succeeds: a passing failure is
 * logged with what the agent waits for and how long, and tried again after the longest of the
 * back-off and Slack's `Retry-After`; any other failure is thrown at once.
 */
export async function waitOut<T>(what: string, call: () => Promise<T>, options: WaitOutOptions): Promise<T> {
  const random = options.random ?? Math.random;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const reason = passingFailure(error);
      if (reason === undefined || options.stopping()) throw error;
      const backoff = Math.min(LONGEST_WAIT_MS, FIRST_WAIT_MS * 2 ** attempt) * (0.75 + random() / 2);
      const retryAfterMs = (retryAfterOf(error) ?? 0) * 1000;
      const waitMs = Math.round(Math.max(backoff, retryAfterMs, options.rateLimitedForMs()));
      const why = waitMs === Math.round(retryAfterMs) || waitMs === Math.round(options.rateLimitedForMs()) ? 'as Slack asks' : 'backing off';
      options.logger.warn(`starting: could not ${what}: Slack is ${reason}; waiting ${(waitMs / 1000).toFixed(1)} s (${why}), then trying again`);
      await options.sleep(waitMs);
      if (options.stopping()) throw new StoppedWhileStartingError(`stopped while starting: it was waiting to ${what}`, { cause: error });
    }
  }
}
