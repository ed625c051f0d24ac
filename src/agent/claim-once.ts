import type { ChatPostMessageArguments, WebClient } from '@slack/web-api';
import { randomUUID, createHash } from 'node:crypto';
import { decideLock } from '../slackmq/decide.js';
import { decodeRecords, encodeRecord } from '../slackmq/records.js';
import { tsToSeconds } from '../slackmq/slack-ts.js';
import { platformError } from './thread.js';

export type ClaimPorts = {
  pins: Pick<WebClient['pins'], 'add' | 'remove'>;
  chat: Pick<WebClient['chat'], 'postMessage'>;
  conversations: Pick<WebClient['conversations'], 'replies'>;
};

/** A message this host holds: the pin is its, the claim reply's ts is the fencing token. */
export interface HeldMessage {
  token: string;
  nonce: string;
}

/** How many hosts of the order contend at all: the rest trust them (fewer pins.add and reads). */
export const CONTENDERS = 3;

/**
 * The order in which hosts take turns for one message: a hash of (message ts, host), so that
 * different messages are answered by different hosts, and every agent computes the same order.
 */
export function turnOrder(ts: string, hosts: readonly string[]): string[] {
  const key = (host: string) => createHash('sha256').update(`${ts}\u0000${host}`).digest('hex');
  return [...new Set(hosts)].sort((a, b) => key(a).localeCompare(key(b)));
}

/**
 * Claims a command message once for the whole fleet with the slackmq pin lock (DESIGN §4): the
 * thread is read first, and a message that ever had a claim is never claimed again, so a late or
 * restarted agent cannot answer twice; `pins.add` is the compare-and-set; the claim reply names
 * the holder; a re-read confirms that claim is the current one.
 */
export class MessageClaimer {
  readonly #slack: ClaimPorts;
  readonly #channel: string;
  readonly #host: string;
  readonly #leaseS: number;

  constructor(slack: ClaimPorts, options: { channel: string; host: string; leaseS: number }) {
    this.#slack = slack;
    this.#channel = options.channel;
    this.#host = options.host;
    this.#leaseS = options.leaseS;
  }

  /** Whether anyone ever claimed the message (read from its thread). */
  async everClaimed(ts: string): Promise<boolean> {
    return (await this.#records(ts)).some((r) => r.kind === 'claim');
  }

  /** Tries to claim `ts`; `undefined` when another host has (or had) it. */
  async claim(ts: string): Promise<HeldMessage | undefined> {
    if (await this.everClaimed(ts)) return undefined;
    try {
      await this.#slack.pins.add({ channel: this.#channel, timestamp: ts });
    } catch (error) {
      // Only already_pinned means "held" (DESIGN §4.7); anything else is a real failure.
      if (platformError(error) === 'already_pinned') return undefined;
      throw error;
    }
    const nonce = randomUUID();
    const record = encodeRecord('claim', { v: 1, host: this.#host, nonce, lease_s: this.#leaseS });
    const posted = await this.#slack.chat.postMessage({ channel: this.#channel, thread_ts: ts, ...record } as ChatPostMessageArguments);
    const records = await this.#records(ts);
    const now = Math.max(tsToSeconds(posted.ts ?? ts), ...records.map((r) => tsToSeconds(r.ts)));
    const view = decideLock(records, { pinned: true }, now, { nonce, token: posted.ts });
    if (view.state === 'mine' && posted.ts) return { token: posted.ts, nonce };
    return undefined;
  }

  /** Releases a claim: the release record, then the pin (compare-and-delete, DESIGN §4.5). */
  async release(ts: string, held: HeldMessage, result: string): Promise<void> {
    const record = encodeRecord('release', { v: 1, host: this.#host, nonce: held.nonce, token: held.token, result });
    await this.#slack.chat.postMessage({ channel: this.#channel, thread_ts: ts, ...record } as ChatPostMessageArguments);
    const records = await this.#records(ts);
    const newer = records.some((r) => r.kind === 'claim' && tsToSeconds(r.ts) > tsToSeconds(held.token));
    if (newer) return;
    await this.#slack.pins.remove({ channel: this.#channel, timestamp: ts }).catch((error: unknown) => {
      if (platformError(error) !== 'no_pin' && platformError(error) !== 'not_pinned') throw error;
    });
  }

  async #records(ts: string) {
    const response = await this.#slack.conversations.replies({ channel: this.#channel, ts, include_all_metadata: true, limit: 200 });
    return decodeRecords(response.messages ?? []);
  }
}
