import { setTimeout as sleep } from 'node:timers/promises';
import type { WebClient } from '@slack/web-api';
import { isRateLimited, jitteredRetryMs } from './wait-out.js';

/** The reads a rollout makes: its thread, the command message, the pins, the roster. */
export interface SlackReads {
  conversations: Pick<WebClient['conversations'], 'replies' | 'history'>;
  pins: Pick<WebClient['pins'], 'list'>;
}

/** 429s one read waits out before it gives up and lets its caller decide (the runner looks again later). */
const MAX_RATE_WAITS = 3;

/**
 * Reads that wait out a 429 on their own: `Retry-After` and up to as much again at random, then
 * again. `client` must hand 429s back (`rejectRateLimitedCalls`). The Web API client would retry
 * after exactly `Retry-After`, pausing every other call of the agent meanwhile, and a fleet whose
 * hosts met the method's limit together would all come back in the same second and meet it again.
 */
export function patientReads(client: SlackReads, wait: (ms: number) => Promise<unknown> = sleep, random: () => number = Math.random): SlackReads {
  const patient = <A, R>(call: (args: A) => Promise<R>) => async (args: A): Promise<R> => {
    for (let waits = 0; ; waits += 1) {
      try {
        return await call(args);
      } catch (error) {
        if (!isRateLimited(error) || waits >= MAX_RATE_WAITS) throw error;
        await wait(jitteredRetryMs(error, random));
      }
    }
  };
  const { conversations, pins } = client;
  return {
    conversations: {
      replies: patient((args) => conversations.replies(args)) as SlackReads['conversations']['replies'],
      history: patient((args) => conversations.history(args)) as SlackReads['conversations']['history'],
    },
    pins: { list: patient((args) => pins.list(args)) as SlackReads['pins']['list'] },
  };
}
