/**
 * The narrow ports the lock needs. A `WebClient` from `@slack/web-api` satisfies `SlackPorts`
 * as is (`slackPorts(client)`); tests pass small fakes that implement the same shapes.
 */
import type { WebClient } from '@slack/web-api';

export type PinsPort = Pick<WebClient['pins'], 'add' | 'remove' | 'list'>;
export type ChatPort = Pick<WebClient['chat'], 'postMessage' | 'update'>;
export type RepliesPort = Pick<WebClient['conversations'], 'replies'>;
export type ReactionsPort = Pick<WebClient['reactions'], 'add' | 'remove'>;

export interface SlackPorts {
  pins: PinsPort;
  chat: ChatPort;
  conversations: RepliesPort;
  reactions: ReactionsPort;
}

/** Picks the ports out of a `WebClient` (or anything shaped like one). */
export function slackPorts(client: SlackPorts): SlackPorts {
  return { pins: client.pins, chat: client.chat, conversations: client.conversations, reactions: client.reactions };
}

/**
 * Time as the lock needs it. `monotonicMs` measures elapsed time only (it is never compared with
 * Slack time directly; see `SlackClock`). `sleep` resolves early, without error, when `signal` aborts.
 */
export interface ClockPort {
  monotonicMs(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Randomness: back-off jitter and claim nonces. */
export interface RandomPort {
  /** A float in [0, 1). */
  next(): number;
}

export const systemClock: ClockPort = {
  monotonicMs: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = setTimeout(done, Math.max(0, ms));
      function done(): void {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    }),
};

export const systemRandom: RandomPort = { next: () => Math.random() };
