import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { WorkspaceSeed } from './api.js';
import type { ChannelState, MessageMetadata, StoreChange, StoredMessage } from './model.js';
import { TsClock } from './ts-clock.js';
import { fail } from './slack-error.js';

export type { StoreChange } from './model.js';

export interface NewMessage {
  user: string;
  text: string;
  bot?: { botId: string; appId: string };
  fromPerson?: boolean;
  threadTs?: string;
  metadata?: MessageMetadata;
  blocks?: unknown[];
}

/**
 * Channels, messages, threads, pins and reactions with Slack's rules. Every change is emitted
 * as `change` (a {@link StoreChange}) after it is applied: subscribe with `store.on('change', fn)`
 * to follow the channel live.
 */
export class Store extends EventEmitter<{ change: [StoreChange] }> {
  private channels = new Map<string, ChannelState>();
  private index = new Map<string, Map<string, StoredMessage>>();
  /** Pinned messages per channel, so pin counts cost nothing on every history call. */
  private pinned = new Map<string, Set<StoredMessage>>();

  constructor(
    readonly seed: WorkspaceSeed,
    readonly clock: TsClock = new TsClock(),
    private readonly nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
  ) {
    super();
    this.reset(false);
  }

  /** Seeded channel by id or by name (`ops` or `#ops`). */
  findChannel(idOrName: string): ChannelState | undefined {
    const byId = this.channels.get(idOrName);
    if (byId) return byId;
    const name = idOrName.replace(/^#/, '');
    return [...this.channels.values()].find((c) => c.name === name);
  }

  channel(id: string): ChannelState {
    return this.findChannel(id) ?? fail('channel_not_found');
  }

  allChannels(): ChannelState[] {
    return [...this.channels.values()];
  }

  message(channel: string, ts: string): StoredMessage | undefined {
    return this.index.get(this.channel(channel).id)?.get(ts);
  }

  post(channelId: string, input: NewMessage): StoredMessage {
    const channel = this.channel(channelId);
    const parent = input.threadTs ? this.threadParent(channel.id, input.threadTs) : undefined;
    const message: StoredMessage = {
      ts: this.clock.next(),
      channel: channel.id,
      user: input.user,
      text: input.text,
      reactions: [],
      replies: [],
      ...(input.bot ? { bot: input.bot } : {}),
      ...(input.fromPerson ? { clientMsgId: randomUUID() } : {}),
      ...(parent ? { threadTs: parent.ts } : {}),
      ...(input.metadata ? { metadata: input.metadata } : {}),
      ...(input.blocks ? { blocks: input.blocks } : {}),
    };
    channel.messages.push(message);
    this.index.get(channel.id)?.set(message.ts, message);
    parent?.replies.push(message.ts);
    this.emit('change', { kind: 'message_posted', channel: channel.id, message });
    return message;
  }

  /** The parent of a thread: a top-level message. Replying to a reply joins the reply's thread, as in Slack. */
  private threadParent(channel: string, threadTs: string): StoredMessage {
    const target = this.message(channel, threadTs);
    if (!target) return fail('thread_not_found');
    return target.threadTs ? (this.message(channel, target.threadTs) ?? fail('thread_not_found')) : target;
  }

  update(channel: string, ts: string, editor: string, change: { text?: string; metadata?: MessageMetadata | null; blocks?: unknown[] }): StoredMessage {
    const message = this.message(channel, ts) ?? fail('message_not_found');
    if (message.user !== editor) fail('cant_update_message');
    const previous = structuredClone(message);
    if (change.text !== undefined) message.text = change.text;
    if (change.blocks !== undefined) message.blocks = change.blocks;
    if (change.metadata === null) delete message.metadata;
    else if (change.metadata) message.metadata = change.metadata;
    message.edited = { user: editor, ts: this.clock.next() };
    this.emit('change', { kind: 'message_changed', channel: message.channel, message, previous });
    return message;
  }

  /**
   * Deletes a message. Cases, as in Slack:
   * - a thread parent with replies becomes a tombstone ("This message was deleted.", subtype
   *   `tombstone`), announced as a `message_changed`;
   * - deleting the last reply of a tombstone removes the tombstone too;
   * - anything else is removed (`message_deleted`).
   */
  delete(channel: string, ts: string, actor: string): StoredMessage {
    const message = this.message(channel, ts) ?? fail('message_not_found');
    if (message.user !== actor || message.tombstone) fail('cant_delete_message');
    if (message.replies.length > 0) return this.tombstone(message);
    this.remove(message);
    const parent = message.threadTs ? this.message(message.channel, message.threadTs) : undefined;
    if (parent) {
      parent.replies = parent.replies.filter((reply) => reply !== ts);
      if (parent.tombstone && parent.replies.length === 0) this.remove(parent);
    }
    return message;
  }

  private remove(message: StoredMessage): void {
    const state = this.channel(message.channel);
    this.pinned.get(state.id)?.delete(message);
    state.messages.splice(state.messages.indexOf(message), 1);
    this.index.get(state.id)?.delete(message.ts);
    this.emit('change', { kind: 'message_deleted', channel: state.id, previous: message, eventTs: this.clock.next() });
  }

  private tombstone(message: StoredMessage): StoredMessage {
    const previous = structuredClone(message);
    this.pinned.get(message.channel)?.delete(message);
    for (const key of ['bot', 'clientMsgId', 'metadata', 'blocks', 'edited', 'pin'] as const) delete message[key];
    Object.assign(message, { tombstone: true, user: 'USLACKBOT', text: 'This message was deleted.', reactions: [] });
    this.emit('change', { kind: 'message_changed', channel: message.channel, message, previous });
    return previous;
  }

  pin(channel: string, ts: string, user: string): StoredMessage {
    const message = this.message(channel, ts) ?? fail('message_not_found');
    if (message.pin) fail('already_pinned');
    message.pin = { created: this.nowSeconds(), createdBy: user };
    this.pinned.get(message.channel)?.add(message);
    this.emit('change', { kind: 'pin_added', channel: message.channel, message, user, pin: message.pin, eventTs: this.clock.next() });
    return message;
  }

  unpin(channel: string, ts: string, user: string): StoredMessage {
    const message = this.message(channel, ts) ?? fail('message_not_found');
    // Slack answers no_pin (not the documented not_pinned) when the message is not pinned.
    const pin = message.pin ?? fail('no_pin');
    delete message.pin;
    this.pinned.get(message.channel)?.delete(message);
    this.emit('change', { kind: 'pin_removed', channel: message.channel, message, user, pin, eventTs: this.clock.next() });
    return message;
  }

  pins(channel: string): StoredMessage[] {
    return [...(this.pinned.get(this.channel(channel).id) ?? [])];
  }

  pinCount(channel: string): number {
    return this.pinned.get(this.channel(channel).id)?.size ?? 0;
  }

  react(channel: string, ts: string, user: string, name: string): void {
    const message = this.message(channel, ts) ?? fail('message_not_found');
    let reaction = message.reactions.find((r) => r.name === name);
    if (reaction?.users.includes(user)) fail('already_reacted');
    if (!reaction) message.reactions.push((reaction = { name, users: [] }));
    reaction.users.push(user);
    this.emit('change', { kind: 'reaction_added', channel: message.channel, message, user, name, eventTs: this.clock.next() });
  }

  unreact(channel: string, ts: string, user: string, name: string): void {
    const message = this.message(channel, ts) ?? fail('message_not_found');
    const reaction = message.reactions.find((r) => r.name === name);
    if (!reaction?.users.includes(user)) fail('no_reaction');
    reaction.users = reaction.users.filter((u) => u !== user);
    if (reaction.users.length === 0) message.reactions = message.reactions.filter((r) => r !== reaction);
    this.emit('change', { kind: 'reaction_removed', channel: message.channel, message, user, name, eventTs: this.clock.next() });
  }

  /** Wipes messages, pins and reactions; keeps the seeded channels. */
  reset(announce = true): void {
    this.channels.clear();
    this.index.clear();
    for (const channel of this.seed.channels) {
      this.channels.set(channel.id, { id: channel.id, name: channel.name, members: [...channel.members], messages: [] });
      this.index.set(channel.id, new Map());
      this.pinned.set(channel.id, new Set());
    }
    if (announce) this.emit('change', { kind: 'reset' });
  }

  /** Plain data for the data file. */
  dump(): ChannelState[] {
    return this.allChannels();
  }

  /** Restores a dump; channels the seed no longer has are dropped. */
  load(channels: ChannelState[]): void {
    for (const saved of channels) {
      const channel = this.channels.get(saved.id);
      if (!channel) continue;
      channel.messages = saved.messages;
      this.index.set(channel.id, new Map(saved.messages.map((m) => [m.ts, m])));
      this.pinned.set(channel.id, new Set(saved.messages.filter((m) => m.pin)));
      for (const message of saved.messages) {
        this.clock.observe(message.ts);
        if (message.edited) this.clock.observe(message.edited.ts);
      }
    }
  }
}
