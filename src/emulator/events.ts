import { randomBytes } from 'node:crypto';
import type { WorkspaceSeed } from './api.js';
import type { StoreChange, StoredMessage } from './model.js';
import { views, type MessageRenderer } from './render.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const prefix = [...randomBytes(4)].map((b) => ALPHABET[b % ALPHABET.length]).join('');
let counter = 0;

/** Slack event ids look like `Ev01ERKCFKK9`: here a per-process prefix and a counter, unique and cheap. */
function eventId(): string {
  counter += 1;
  return `Ev${prefix}${counter.toString(36).toUpperCase().padStart(6, '0')}`;
}

/**
 * Turns store changes into Events API `event_callback` payloads, shaped like the recorded
 * samples of each event. Returns undefined for changes Slack sends no event for, and for channels
 * the bot is not in (the message.channels subscription needs membership).
 */
export class EventBuilder {
  constructor(
    private readonly seed: WorkspaceSeed,
    private readonly renderer: MessageRenderer,
    private readonly isMember: (channel: string) => boolean,
    private readonly pinCount: (channel: string) => number,
  ) {}

  build(change: StoreChange): Record<string, unknown> | undefined {
    if (change.kind === 'reset' || !this.isMember(change.channel)) return undefined;
    const event = this.event(change);
    return {
      token: 'local-verification-token',
      team_id: this.seed.team.id,
      api_app_id: this.seed.bot.appId,
      event,
      type: 'event_callback',
      event_id: eventId(),
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [
        { enterprise_id: null, team_id: this.seed.team.id, user_id: this.seed.bot.userId, is_bot: true, is_enterprise_install: false },
      ],
      is_ext_shared_channel: false,
      event_context: `4-${Buffer.from(JSON.stringify({ et: event.type, tid: this.seed.team.id, aid: this.seed.bot.appId, cid: change.channel })).toString('base64url')}`,
    };
  }

  private event(change: Exclude<StoreChange, { kind: 'reset' }>): Record<string, unknown> {
    switch (change.kind) {
      case 'message_posted':
        return { ...this.renderer.render(change.message, views.event), channel: change.channel, event_ts: change.message.ts, channel_type: 'channel' };
      case 'message_changed': {
        const ts = change.message.edited?.ts ?? change.message.ts;
        return {
          type: 'message',
          subtype: 'message_changed',
          channel: change.channel,
          hidden: true,
          message: this.renderer.render(change.message, views.changedEvent),
          previous_message: this.renderer.render(change.previous, views.changedEvent),
          event_ts: ts,
          ts,
          channel_type: 'channel',
        };
      }
      case 'message_deleted':
        return {
          type: 'message',
          subtype: 'message_deleted',
          channel: change.channel,
          hidden: true,
          deleted_ts: change.previous.ts,
          previous_message: this.renderer.render(change.previous, views.changedEvent),
          event_ts: change.eventTs,
          ts: change.eventTs,
          channel_type: 'channel',
        };
      case 'pin_added':
      case 'pin_removed':
        return this.pinEvent(change);
      case 'reaction_added':
      case 'reaction_removed':
        return {
          type: change.kind,
          user: change.user,
          item: { type: 'message', channel: change.channel, ts: change.message.ts },
          reaction: change.name,
          item_user: change.message.user,
          event_ts: change.eventTs,
        };
    }
  }

  private pinEvent(change: Extract<StoreChange, { kind: 'pin_added' | 'pin_removed' }>): Record<string, unknown> {
    const count = this.pinCount(change.channel);
    return {
      type: change.kind,
      user: change.user,
      channel_id: change.channel,
      item: itemOf(change.message, change.pin, this.renderer),
      item_user: change.message.user,
      pin_count: count,
      pinned_info: { channel: change.channel, pinned_by: change.pin.createdBy, pinned_ts: change.pin.created },
      ...(change.kind === 'pin_removed' ? { has_pins: count > 0 } : {}),
      event_ts: change.eventTs,
    };
  }
}

function itemOf(message: StoredMessage, pin: { created: number; createdBy: string }, renderer: MessageRenderer): Record<string, unknown> {
  return { type: 'message', created: pin.created, created_by: pin.createdBy, channel: message.channel, message: renderer.render(message, views.pinItem) };
}
