import type { ChatPostMessageArguments, WebClient } from '@slack/web-api';
import { redact } from '../util/redact.js';
import type { Logger } from './logger.js';

export type ThreadPorts = { chat: Pick<WebClient['chat'], 'postMessage'>; reactions: Pick<WebClient['reactions'], 'add' | 'remove'> };

export const MARKERS = { running: 'hourglass_flowing_sand', done: 'white_check_mark', failed: 'x' } as const;

/** Replies and markers on one command message's thread. Everything said is redacted first. */
export class Thread {
  readonly #slack: ThreadPorts;
  readonly #logger: Logger;
  readonly channel: string;
  readonly ts: string;

  constructor(slack: ThreadPorts, logger: Logger, channel: string, ts: string) {
    this.#slack = slack;
    this.#logger = logger;
    this.channel = channel;
    this.ts = ts;
  }

  /** Posts a reply in the thread; returns its ts. */
  async reply(text: string, metadata?: { event_type: string; event_payload: Record<string, unknown> }): Promise<string | undefined> {
    const args = {
      channel: this.channel,
      thread_ts: this.ts,
      text: redact(text),
      unfurl_links: false,
      unfurl_media: false,
      ...(metadata ? { metadata } : {}),
    } as ChatPostMessageArguments;
    const response = await this.#slack.chat.postMessage(args);
    return response.ts;
  }

  /** Adds a marker for people to see. All agents share one bot user, so `already_reacted` is fine. */
  async mark(name: string): Promise<void> {
    await this.#slack.reactions.add({ channel: this.channel, timestamp: this.ts, name }).catch((error: unknown) => {
      if (platformError(error) !== 'already_reacted') this.#logger.warn(`could not add :${name}: to ${this.ts}: ${describe(error)}`);
    });
  }

  async unmark(name: string): Promise<void> {
    await this.#slack.reactions.remove({ channel: this.channel, timestamp: this.ts, name }).catch((error: unknown) => {
      if (platformError(error) !== 'no_reaction') this.#logger.warn(`could not remove :${name}: from ${this.ts}: ${describe(error)}`);
    });
  }
}

/** The `error` of a Slack platform error (`ok:false`), if that is what `error` is. */
export function platformError(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

/** An error for a log line: redacted, and for a missing scope, which one to add. */
export function describe(error: unknown): string {
  const text = redact(error instanceof Error ? error.message : String(error));
  const needed = (error as { data?: { needed?: unknown } } | undefined)?.data?.needed;
  return typeof needed === 'string' ? `${text} (add the bot scope ${needed} to the Slack app and reinstall it)` : text;
}
