import { createHash } from 'node:crypto';
import { LockHeldError, PinLock, type Lease } from '../slackmq/index.js';
import type { SlackPorts } from '../slackmq/ports.js';
import { decodeRecords } from '../slackmq/records.js';

export type ClaimPorts = SlackPorts;

/** A message this host holds: the pin is its, the claim reply's ts is the fencing token. */
export interface HeldMessage {
  token: string;
  nonce: string;
  /** The live lease (renewed while held); absent for a claim found in the journal after a crash. */
  lease?: Lease;
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
 * Claims a command message once for the whole fleet with slackmq's `PinLock` (DESIGN §4). The
 * thread is read first, and a message that ever had a claim is never claimed again (even after
 * its release), so a late or restarted agent cannot answer twice.
 */
export class MessageClaimer {
  readonly #slack: ClaimPorts;
  /** The lock's own client (its retries off, DESIGN §4.7): a call it retried blindly could outlive the lease, or remove a pin added since. */
  readonly #lockSlack: ClaimPorts;
  readonly #channel: string;
  readonly #host: string;
  readonly #leaseS: number;

  constructor(slack: ClaimPorts, options: { channel: string; host: string; leaseS: number; lockSlack?: ClaimPorts }) {
    this.#slack = slack;
    this.#lockSlack = options.lockSlack ?? slack;
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
      const lease = await this.#lock(ts).acquire();
      return { token: lease.token, nonce: lease.nonce, lease };
    } catch (error) {
      if (error instanceof LockHeldError) return undefined;
      throw error;
    }
  }

  /**
   * Claims `ts`, runs `work` while holding it, and releases with the result `work` returns
   * (`failed` if it throws). Does nothing when another host has (or had) the message.
   */
  async run(ts: string, work: (held: HeldMessage) => Promise<string>): Promise<void> {
    const held = await this.claim(ts);
    if (!held) return;
    let result = 'failed';
    try {
      result = await work(held);
    } finally {
      await this.release(ts, held, result);
    }
  }

  /**
   * Releases a claim (compare-and-delete, DESIGN §4.5). A claim from before a crash has no live
   * lease: one made afresh for its token and nonce releases it the same way (the log honours the
   * release because the nonce matches; the pin is removed only if that release closed the claim).
   */
  async release(ts: string, held: HeldMessage, result: string): Promise<void> {
    const claim = { v: 1, host: this.#host, nonce: held.nonce, lease_s: this.#leaseS };
    const lease = held.lease ?? this.#lock(ts).journaled({ token: held.token, nonce: held.nonce, claim });
    await lease.release(result);
  }

  #lock(ts: string): PinLock {
    return new PinLock({ slack: this.#lockSlack, channel: this.#channel, ts, host: this.#host, leaseS: this.#leaseS });
  }

  async #records(ts: string) {
    const response = await this.#slack.conversations.replies({ channel: this.#channel, ts, include_all_metadata: true, limit: 200 });
    return decodeRecords(response.messages ?? []);
  }
}
