import { WebClient, type WebClientOptions } from '@slack/web-api';

/**
 * A `WebClient` for the lock: the client's own retries are turned off and 429s are handed to
 * the lock, which waits them out and retries within its lease deadlines. (With the client's
 * defaults a call may be retried for half an hour, long after the lease it served ran out.)
 */
export function lockClient(token: string, options: WebClientOptions = {}): WebClient {
  return new WebClient(token, { ...options, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
}
