import { WebClient, type FetchFunction, type RetryOptions } from '@slack/web-api';
import type { CallMeter } from './call-meter.js';

/** A read-only client retries a little and then shows the error; it never waits minutes. */
const RETRY: RetryOptions = { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 5_000, randomize: true };

export interface MeteredClientOptions {
  token: string;
  apiUrl: string;
  meter: CallMeter;
  /** `X-Troupe-Client`, so the local Slack's call log names the dashboard. */
  clientName?: string;
  retryConfig?: RetryOptions;
  now?: () => number;
}

/** The method of a Web API URL: `https://slack.com/api/pins.list` → `pins.list`. */
export function methodOf(url: string | URL): string {
  const path = typeof url === 'string' ? url.split('?')[0] ?? url : url.pathname;
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * The official WebClient with a `fetch` that counts every request and every 429 in `meter`.
 * Counting at the fetch level sees the client's own retries too, which spend the tier as well.
 */
export function createMeteredClient(options: MeteredClientOptions): WebClient {
  const now = options.now ?? Date.now;
  const meteredFetch: FetchFunction = async (url, init) => {
    const response = await fetch(url, init);
    options.meter.record(methodOf(url), now(), response.status);
    return response;
  };
  return new WebClient(options.token, {
    slackApiUrl: options.apiUrl,
    headers: { 'X-Troupe-Client': options.clientName ?? 'dashboard' },
    retryConfig: options.retryConfig ?? RETRY,
    fetch: meteredFetch,
  });
}
