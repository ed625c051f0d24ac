import type { ChatPostMessageArguments, WebClient } from '@slack/web-api';
import { encodeProtocolRecord, type ProtocolInput, type ProtocolKind } from '../../protocol/index.js';
import { redact } from '../../util/redact.js';
import { compareTs } from '../../slackmq/slack-ts.js';
import type { PostPacer } from './post-pacer.js';
import type { SlackNow } from './slack-now.js';

export type ThreadPorts = {
  chat: Pick<WebClient['chat'], 'postMessage' | 'delete'>;
  conversations: Pick<WebClient['conversations'], 'replies' | 'history'>;
  pins: Pick<WebClient['pins'], 'list'>;
};

/** What the command message alone says of its thread: enough to tell whether anything moved. */
export interface ThreadMark {
  /** The ts of the thread's latest reply (the command's own ts when it has none). */
  latestReply: string;
  pinned: boolean;
}

/** The mark of a thread as read in full (`messages[0]` is the command). */
export function markOf(messages: readonly ThreadMessage[], channel: string): ThreadMark | undefined {
  const [parent, ...replies] = messages;
  if (!parent) return undefined;
  return { latestReply: replies.at(-1)?.ts ?? parent.ts, pinned: parent.pinned_to?.includes(channel) ?? false };
}

/** A message of a rollout thread, as `conversations.replies` gives it (the fields read here). */
export interface ThreadMessage {
  ts: string;
  user?: string;
  bot_id?: string;
  text?: string;
  thread_ts?: string;
  edited?: { ts?: string };
  reactions?: { name: string; users?: string[] }[];
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
  /** On the command message: the channels it is pinned in. */
  pinned_to?: string[];
  /** On the command message: its thread's latest reply. */
  latest_reply?: string;
}

/** The thread of a command the fleet answers once. */
export interface Reply {
  /** Whether a troupe reply is in the thread already. */
  answered(): Promise<boolean>;
  /** Says `text`, unless another host has answered meanwhile. */
  say(text: string): Promise<string | undefined>;
}

/**
 * The thread of a command the fleet answers once (`#once` in the rollout handler): `say` reads
 * the thread again first and stands down if a troupe reply is already there, so two hosts that
 * both found it unanswered a moment before (a slow host, a loaded machine) do not both answer.
 * Two can still both post: each found the command late and read just before the other's post
 * landed. So each reads once more after its post: the earliest answer stands, and a host whose
 * answer came later takes its own back (as the roster does with a second reply of one host).
 */
export function replyOnce(thread: RolloutThread): Reply {
  const answers = async () => (await thread.read()).filter((m) => m.ts !== thread.ts && m.bot_id !== undefined);
  const answered = async () => (await answers()).length > 0;
  return {
    answered,
    say: async (text) => {
      if (await answered()) return undefined;
      const ts = await thread.say(text);
      if (!(await answers()).some((m) => compareTs(m.ts, ts) < 0)) return ts;
      await thread.unsay(ts);
      return undefined;
    },
  };
}

/** Reading and writing one rollout's thread (the command message and its replies). */
export class RolloutThread {
  constructor(
    private readonly slack: ThreadPorts,
    readonly channel: string,
    readonly ts: string,
    private readonly clock: SlackNow,
    /** Spaces this process's posts (Slack's pace per channel); none in tests that post once. */
    private readonly pacer?: PostPacer,
  ) {}

  /**
   * The thread as a release's own read showed it, with the pin it removed right after gone: what
   * `read()` would return then, without another conversations.replies call.
   */
  unpinned(messages: readonly unknown[]): ThreadMessage[] {
    const thread = (messages as ThreadMessage[]).map((m) => (m.ts === this.ts && m.pinned_to ? { ...m, pinned_to: m.pinned_to.filter((c) => c !== this.channel) } : m));
    return this.#observed(thread);
  }

  /** Every message of the thread (all pages), the command first; feeds Slack time. */
  async read(): Promise<ThreadMessage[]> {
    const messages: ThreadMessage[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.slack.conversations.replies({ channel: this.channel, ts: this.ts, include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) });
      messages.push(...((page.messages ?? []) as ThreadMessage[]));
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    return this.#observed(messages);
  }

  /** Every ts (and edit) in `messages` is a lower bound of Slack time. */
  #observed(messages: ThreadMessage[]): ThreadMessage[] {
    for (const m of messages) this.clock.observe(Math.max(Number(m.ts), Number(m.edited?.ts ?? 0)));
    return messages;
  }

  /**
   * The command message alone, from conversations.history (a tier apart from the replies the
   * fleet reads its threads with): its latest reply and its pin. Undefined if it is gone.
   */
  async mark(): Promise<ThreadMark | undefined> {
    const page = await this.slack.conversations.history({ channel: this.channel, latest: this.ts, inclusive: true, limit: 1 });
    const parent = (page.messages ?? [])[0] as ThreadMessage | undefined;
    if (parent?.ts !== this.ts) return undefined;
    return { latestReply: parent.latest_reply ?? parent.ts, pinned: parent.pinned_to?.includes(this.channel) ?? false };
  }

  /** Whether the command message is pinned, from pins.list (Tier 2, an allowance of its own). */
  async pinned(): Promise<boolean> {
    const list = await this.slack.pins.list({ channel: this.channel });
    return (list.items ?? []).some((item) => (item as { message?: { ts?: string } }).message?.ts === this.ts);
  }

  /** Posts one of troupe's records as a reply; returns its ts. */
  async post<K extends ProtocolKind>(kind: K, payload: ProtocolInput<K>, extra: Partial<ChatPostMessageArguments> = {}): Promise<string> {
    const record = encodeProtocolRecord(kind, payload);
    return this.#send({ ...record, text: redact(record.text), ...extra } as ChatPostMessageArguments);
  }

  /** Posts a plain reply for people. */
  async say(text: string): Promise<string> {
    return this.#send({ text: redact(text) } as ChatPostMessageArguments);
  }

  /** Deletes a reply this process posted (a second answer, see `replyOnce`); a failure leaves it. */
  async unsay(ts: string): Promise<void> {
    await this.slack.chat.delete({ channel: this.channel, ts }).catch(() => undefined);
  }

  async #send(args: ChatPostMessageArguments): Promise<string> {
    await this.pacer?.turn();
    const posted = await this.slack.chat.postMessage({ ...args, channel: this.channel, thread_ts: this.ts, unfurl_links: false, unfurl_media: false } as ChatPostMessageArguments);
    const ts = String(posted.ts ?? '');
    this.clock.observe(Number(ts));
    return ts;
  }
}
