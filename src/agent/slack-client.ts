import { WebClient, WebClientEvent, type RetryOptions } from '@slack/web-api';
import { lockClient } from '../slackmq/index.js';
import type { AgentConfig } from './config.js';
import { slackLogger, type Logger } from './logger.js';

/** How often the Web API client retries: enough to ride out a 429 or a short outage, not forever. */
export const RETRY: RetryOptions = { retries: 6, factor: 2, minTimeout: 250, maxTimeout: 15_000, randomize: true };

/**
 * The one place the agent's Web API clients are built: identified by its host (`X-Troupe-Client`)
 * so the local Slack's call log and faults can name it; 429 `Retry-After` is obeyed by the client,
 * which pauses its queue and retries, and every such pause is reported to `onRateLimited`. With
 * `rejectRateLimitedCalls` (the channel poll's own client) a 429 is thrown back to the caller
 * instead, which waits on its own schedule: a fleet's polls then do not all retry in step.
 */
export function createSlack(
  config: AgentConfig,
  logger: Logger,
  onRateLimited: (seconds: number) => void,
  options: { rejectRateLimitedCalls?: boolean } = {},
): WebClient {
  const client = new WebClient(config.tokens.bot, {
    slackApiUrl: config.apiUrl,
    headers: { 'X-Troupe-Client': config.host },
    retryConfig: RETRY,
    logger: slackLogger(logger),
    rejectRateLimitedCalls: options.rejectRateLimitedCalls ?? false,
  });
  client.on(WebClientEvent.RATE_LIMITED, (seconds: number, { url }: { url: string }) => {
    logger.warn(`rate limited on ${url.split('/').pop() ?? url}; waiting ${seconds} s as Slack asks`);
    onRateLimited(seconds);
  });
  return client;
}

/** The locks' client for this host (slackmq's `lockClient`: no retries of its own, 429s handed to the lock). */
export function createLockSlack(config: AgentConfig): WebClient {
  return lockClient(config.tokens.bot, { slackApiUrl: config.apiUrl, headers: { 'X-Troupe-Client': config.host } });
}
