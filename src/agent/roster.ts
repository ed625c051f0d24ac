import type { ChatPostMessageArguments, ChatUpdateArguments, WebClient } from '@slack/web-api';
import type { ChannelMessage } from './channel-message.js';
import { findRoster, reduceFleet } from '../protocol/index.js';
import { EMPTY_FLEET, type FleetView } from './fleet-view.js';
import type { Journal } from './journal.js';
import { compareTs } from './journal.js';
import type { Logger } from './logger.js';
import { platformError } from './thread.js';
import { agentHostOf, agentRecord, rosterMessage, type AgentStatus } from './roster-record.js';

export type RosterPorts = {
  chat: Pick<WebClient['chat'], 'postMessage' | 'update' | 'delete'>;
  conversations: Pick<WebClient['conversations'], 'history' | 'replies'>;
};

export interface RosterOptions {
  channel: string;
  /** troupe's `bot_id`: only its records count. */
  botId: string;
  isOurs: (message: ChannelMessage) => boolean;
  journal: Journal;
  logger: Logger;
}

/**
 * The fleet roster (DESIGN §3): one top-level message, one reply per agent edited as a heartbeat.
 * Agents that start together may each post a roster; all of them settle on the earliest, and each
 * deletes a later one it posted itself.
 */
export class Roster {
  readonly #slack: RosterPorts;
  readonly #options: RosterOptions;
  #rosterTs: string | undefined;
  #replyTs: string | undefined;
  #fleet: FleetView = EMPTY_FLEET;

  constructor(slack: RosterPorts, options: RosterOptions) {
    this.#slack = slack;
    this.#options = options;
  }

  get fleet(): FleetView {
    return this.#fleet;
  }

  /** Finds or posts the roster and this agent's reply in it. */
  async join(status: AgentStatus): Promise<void> {
    const { channel, journal } = this.#options;
    this.#rosterTs = journal.section<{ ts: string }>('roster')?.ts ?? (await this.#findOrPostRoster());
    let replies = await this.#replies();
    if (replies.length === 0) {
      this.#rosterTs = await this.#findOrPostRoster();
      replies = await this.#replies();
    }
    journal.setSection('roster', { ts: this.#rosterTs });
    const mine = replies.filter((m) => this.#isMyReply(m, status.host));
    this.#replyTs = mine[0]?.ts;
    for (const extra of mine.slice(1)) await this.#slack.chat.delete({ channel, ts: extra.ts }).catch(() => undefined);
    if (this.#replyTs) await this.beat(status);
    else {
      const posted = await this.#slack.chat.postMessage({ channel, thread_ts: this.#rosterTs, ...agentRecord(status) } as ChatPostMessageArguments);
      this.#replyTs = posted.ts;
    }
  }

  /** Edits this agent's reply: the heartbeat, carrying the current status. */
  async beat(status: AgentStatus): Promise<void> {
    if (!this.#replyTs) return;
    const args = { channel: this.#options.channel, ts: this.#replyTs, ...agentRecord(status) } as ChatUpdateArguments;
    await this.#slack.chat.update(args);
  }

  /**
   * Reads the roster thread into the fleet view (the protocol's `reduceFleet`). Slack time now is
   * the freshest edit in the thread: this agent beats just before it reads.
   */
  async read(): Promise<FleetView> {
    if (!this.#rosterTs) return this.#fleet;
    const replies = await this.#replies();
    const now = Math.max(0, ...replies.map((m) => Math.max(Number(m.ts), Number(m.edited?.ts ?? 0))));
    this.#fleet = { ...reduceFleet(replies, now, { trustedAuthor: this.#options.botId }), rosterTs: this.#rosterTs };
    return this.#fleet;
  }

  async #replies(): Promise<ChannelMessage[]> {
    const messages: ChannelMessage[] = [];
    let cursor: string | undefined;
    do {
      const response: { messages?: unknown[]; response_metadata?: { next_cursor?: string } } = await this.#slack.conversations
        .replies({ channel: this.#options.channel, ts: this.#rosterTs ?? '', include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) })
        .catch((error: unknown) => {
          // A roster someone deleted: the agent posts a new one.
          if (platformError(error) === 'thread_not_found' || platformError(error) === 'message_not_found') return {};
          throw error;
        });
      messages.push(...((response.messages ?? []) as ChannelMessage[]));
      cursor = response.response_metadata?.next_cursor || undefined;
    } while (cursor);
    return messages;
  }

  async #findOrPostRoster(): Promise<string> {
    const found = await this.#findRosters();
    if (found[0]) return found[0];
    const posted = await this.#slack.chat.postMessage({ channel: this.#options.channel, ...rosterMessage() } as ChatPostMessageArguments);
    const after = await this.#findRosters();
    const earliest = after[0] ?? posted.ts ?? '';
    if (posted.ts && earliest !== posted.ts) {
      await this.#slack.chat.delete({ channel: this.#options.channel, ts: posted.ts }).catch(() => undefined);
    }
    return earliest;
  }

  /** Roster messages among the channel's newest 1,000 messages, oldest first. */
  async #findRosters(): Promise<string[]> {
    const found: string[] = [];
    const trusted = this.#options.botId;
    let cursor: string | undefined;
    for (let page = 0; page < 5; page += 1) {
      const response = await this.#slack.conversations.history({
        channel: this.#options.channel,
        limit: 200,
        include_all_metadata: true,
        ...(cursor ? { cursor } : {}),
      });
      const earliest = findRoster(response.messages ?? [], trusted);
      if (earliest) found.push(earliest);
      cursor = response.response_metadata?.next_cursor || undefined;
      if (!cursor) break;
    }
    return found.sort(compareTs);
  }

  #isMyReply(message: ChannelMessage, host: string): boolean {
    return this.#options.isOurs(message) && agentHostOf(message) === host;
  }
}
