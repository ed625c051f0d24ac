import { SocketModeClient } from '@slack/socket-mode';
import { LogLevel, WebClient } from '@slack/web-api';
import type { LocalSlackOptions } from '../../src/emulator/api.js';
import { startLocalSlack, type RunningLocalSlack } from '../../src/emulator/index.js';

/** Small retry budgets so a failing test fails in seconds. */
export const retryConfig = { retries: 2, factor: 1, minTimeout: 50, maxTimeout: 200 };

export async function localSlack(options: LocalSlackOptions = {}): Promise<RunningLocalSlack> {
  return startLocalSlack({ rateLimits: 'off', ...options });
}

export function webClient(slack: RunningLocalSlack, client?: string, token = slack.botToken): WebClient {
  return new WebClient(token, {
    slackApiUrl: slack.apiUrl,
    retryConfig,
    logLevel: LogLevel.ERROR,
    ...(client ? { headers: { 'X-Troupe-Client': client } } : {}),
  });
}

export interface ReceivedEvent {
  type: string;
  body: Record<string, unknown>;
  event: Record<string, unknown>;
  retryNum: number;
  retryReason: string;
}

/** An official Socket Mode client that records (and by default acks) every events_api envelope. */
export function socketClient(slack: RunningLocalSlack, options: { ack?: boolean; client?: string; autoReconnect?: boolean } = {}) {
  const socket = new SocketModeClient({
    appToken: slack.appToken,
    logLevel: LogLevel.ERROR,
    autoReconnectEnabled: options.autoReconnect ?? false,
    // The reconnect delay is this timeout: 1 s instead of 5 s keeps reconnect tests short.
    clientPingTimeout: 1000,
    clientOptions: {
      slackApiUrl: slack.apiUrl,
      retryConfig,
      // The client's own headers replace its default Authorization header, so both go here.
      ...(options.client ? { headers: { Authorization: `Bearer ${slack.appToken}`, 'X-Troupe-Client': options.client } } : {}),
    },
  });
  const received: ReceivedEvent[] = [];
  socket.on('slack_event', async ({ ack, type, body, retry_num, retry_reason }) => {
    if (type !== 'events_api') return;
    if (options.ack !== false) await ack();
    const event = (body as { event: Record<string, unknown> }).event;
    received.push({ type: String(event.type), body, event, retryNum: retry_num ?? 0, retryReason: retry_reason ?? '' });
  });
  return { socket, received };
}

/** Polls `check` until it returns true (or fails the test after `ms`). */
export async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
