import type { WebClient } from '@slack/web-api';
import { findRoster } from '../protocol/reduce-fleet.js';
import { compareTs } from '../slackmq/slack-ts.js';
import { isProblem, parseCommand } from '../protocol/index.js';
import { redact } from '../util/redact.js';
import type { CallBudget } from './call-budget.js';
import { emptySnapshot, rootOf, type ChannelSnapshot, type SlackMessage } from './snapshot.js';

/** The few read methods the dashboard and the read commands use. */
export interface ReadPorts {
  auth: Pick<WebClient['auth'], 'test'>;
  conversations: Pick<WebClient['conversations'], 'history' | 'replies'>;
  pins: Pick<WebClient['pins'], 'list'>;
}

/** How far back the roster is looked for, in pages of 100: as far as the agents look. */
const ROSTER_PAGES = 10;

/** Command threads kept in view (newest first). */
const MAX_THREADS = 12;

/** What a reader reads: the dashboard wants all; each read command only its part. */
export interface ReadScope {
  roster: boolean;
  pins: boolean;
  commands: boolean;
  /** Read only this command thread (`troupe rollouts TS`). */
  only?: string;
}

export const READ_ALL: ReadScope = { roster: true, pins: true, commands: true };

/** A top-level message that starts a rollout or a run: worth reading its thread. */
export function isCommandMessage(message: SlackMessage): boolean {
  if (!message.text || message.subtype || (message.thread_ts && message.thread_ts !== message.ts)) return false;
  const parsed = parseCommand(message.text);
  return !isProblem(parsed) && (parsed.kind === 'run' || (parsed.kind === 'deploy' && ['canary', 'rolling'].includes(parsed.action)));
}

/**
 * Reads the channel within a call budget, keeping what it read. Each refresh reads the history
 * and the pins when the budget allows, then threads until the budget says stop. Due are: the
 * roster (its replies are edited as heartbeats), every pinned thread (claims are renewed by
 * edits), and command threads whose `latest_reply` moved since the last read; the ones never
 * read, then the ones read longest ago, go first.
 */
export class ChannelReader {
  readonly snapshot: ChannelSnapshot;
  private readonly seenLatest = new Map<string, string | undefined>();
  private readonly lastRead = new Map<string, number>();
  /** The search for the roster further back than the newest page. */
  private search: { pages: number; cursor?: string } = { pages: 0 };

  constructor(
    private readonly slack: ReadPorts,
    channel: string,
    private readonly budget: CallBudget,
    private readonly nowMs: () => number = Date.now,
    private readonly scope: ReadScope = READ_ALL,
  ) {
    this.snapshot = emptySnapshot(channel);
  }

  async refresh(): Promise<ChannelSnapshot> {
    try {
      await this.readBasics();
      for (const root of this.threadsDue()) {
        if (!this.budget.take('conversations.replies', this.nowMs())) break;
        await this.readThread(root);
      }
      this.snapshot.updatedAt = this.nowMs() / 1000;
      this.snapshot.error = undefined;
    } catch (error) {
      this.snapshot.error = describe(error);
    }
    return this.snapshot;
  }

  private async readBasics(): Promise<void> {
    const s = this.snapshot;
    if (!s.botUserId && this.budget.take('auth.test', this.nowMs())) {
      const me = await this.slack.auth.test();
      s.botUserId = me.user_id;
      s.botId = me.bot_id;
    }
    await this.readHistory();
    await this.searchRoster();
    if (this.scope.pins && this.budget.take('pins.list', this.nowMs())) {
      const pins = await this.slack.pins.list({ channel: s.channel });
      const items = (pins.items ?? []) as { message?: SlackMessage; created?: number; created_by?: string }[];
      s.pins = items.flatMap((i) => (i.message ? [{ message: i.message, created: i.created, createdBy: i.created_by }] : []));
    }
  }

  private async readHistory(): Promise<void> {
    const s = this.snapshot;
    if (!this.budget.take('conversations.history', this.nowMs())) return;
    const page = await this.slack.conversations.history({ channel: s.channel, limit: 100, include_all_metadata: true });
    s.history = (page.messages ?? []) as SlackMessage[];
    this.noteRoster(s.history);
    if (this.search.pages === 0) this.search = { pages: 1, cursor: page.has_more ? page.response_metadata?.next_cursor || undefined : undefined };
  }

  /** Agents settle on the earliest roster among the newest 1,000 messages: look as far back, a page per refresh. */
  private async searchRoster(): Promise<void> {
    const { cursor, pages } = this.search;
    if (!cursor || pages >= ROSTER_PAGES || !this.budget.take('conversations.history', this.nowMs())) return;
    const page = await this.slack.conversations.history({ channel: this.snapshot.channel, limit: 100, include_all_metadata: true, cursor });
    this.noteRoster((page.messages ?? []) as SlackMessage[]);
    this.search = { pages: pages + 1, cursor: page.has_more ? page.response_metadata?.next_cursor || undefined : undefined };
  }

  private noteRoster(messages: SlackMessage[]): void {
    const s = this.snapshot;
    const found = findRoster(messages, s.botId);
    if (found && (!s.rosterTs || compareTs(found, s.rosterTs) < 0)) s.rosterTs = found;
  }

  /** Thread roots to read now, most important first. */
  threadsDue(): string[] {
    const s = this.snapshot;
    if (this.scope.only) return [this.scope.only];
    const due: string[] = [];
    if (s.rosterTs && this.scope.roster) due.push(s.rosterTs);
    for (const pin of s.pins) due.push(rootOf(pin.message));
    const commands = this.scope.commands ? s.history.filter(isCommandMessage).slice(0, MAX_THREADS) : [];
    for (const m of commands) {
      const never = !s.threads.has(m.ts);
      const moved = this.seenLatest.get(m.ts) !== m.latest_reply;
      if (never || moved) due.push(m.ts);
    }
    // Never read first, then the one read longest ago: a tight budget serves every thread in turn.
    const order = [...new Set(due)];
    return order.sort((a, b) => (this.lastRead.get(a) ?? -1) - (this.lastRead.get(b) ?? -1) || order.indexOf(a) - order.indexOf(b));
  }

  private async readThread(root: string): Promise<void> {
    const page = await this.slack.conversations.replies({ channel: this.snapshot.channel, ts: root, limit: 1000, include_all_metadata: true });
    const messages = (page.messages ?? []) as SlackMessage[];
    this.snapshot.threads.set(root, messages);
    this.lastRead.set(root, this.nowMs());
    this.seenLatest.set(root, this.snapshot.history.find((m) => m.ts === root)?.latest_reply);
  }
}

function describe(error: unknown): string {
  const data = (error as { data?: { error?: string } }).data;
  const code = data?.error ?? (error instanceof Error ? error.message : String(error));
  const hint =
    code === 'not_in_channel' || code === 'channel_not_found'
      ? 'invite the app to the channel, or check --channel'
      : code === 'invalid_auth' || code === 'not_authed'
        ? 'check SLACK_BOT_TOKEN'
        : code === 'missing_scope'
          ? 'the app needs channels:history, pins:read (see deploy/manifest)'
          : 'retrying at the next poll';
  return redact(`Slack read failed: ${code}; ${hint}`);
}
