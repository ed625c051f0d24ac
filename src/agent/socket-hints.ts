import { SocketModeClient } from '@slack/socket-mode';
import { slackLogger, type Logger } from './logger.js';

export interface SocketHintsOptions {
  appToken: string;
  apiUrl: string;
  host: string;
  channel: string;
  logger: Logger;
  /** Called when an event suggests the channel changed (wake the poller); never carries the event itself. */
  onHint: () => void;
  /** Called whenever `mode` changes, so the roster can say it. */
  onModeChange: (mode: SocketMode) => void;
  /** Wait before trying again when all of the app's connections are taken (default 60 s). */
  capRetryMs?: number;
  /** A person clicked a button of one of troupe's messages (Block Kit `block_actions`). */
  onBlockAction?: (action: BlockAction) => void;
  /** Something happened in a thread of the channel (`threadOf`): a hint only, like `onHint`. */
  onThreadActivity?: (threadTs: string) => void;
}

/** One button click, as much of it as troupe reads: which button, its value, who clicked. */
export interface BlockAction {
  actionId: string;
  value: string;
  user: string;
  channel?: string;
}

/** The button clicks of an interactive payload (none for anything else). */
export function blockActionsOf(body: unknown): BlockAction[] {
  const payload = body as { type?: string; user?: { id?: string }; channel?: { id?: string }; actions?: { action_id?: string; value?: string }[] } | undefined;
  if (payload?.type !== 'block_actions' || typeof payload.user?.id !== 'string') return [];
  const user = payload.user.id;
  return (payload.actions ?? []).flatMap((a) => (typeof a.action_id === 'string' ? [{ actionId: a.action_id, value: String(a.value ?? ''), user, channel: payload.channel?.id }] : []));
}

interface HintEvent {
  type?: string;
  subtype?: string;
  channel?: string;
  bot_id?: string;
  ts?: string;
  thread_ts?: string;
}

interface ActivityEvent extends HintEvent {
  channel_id?: string;
  message?: { ts?: string; thread_ts?: string };
  previous_message?: { ts?: string; thread_ts?: string };
  item?: { type?: string; channel?: string; ts?: string; message?: { ts?: string } };
}

/**
 * The thread an event of the channel happened in, when it names one: a reply (`thread_ts`), an
 * edit or deletion of a reply (`message_changed`, `message_replied`, `message_deleted`), a
 * reaction (the message's `ts`) or a pin (the pinned message's `ts`). A new top-level message
 * names none. Reactions and pins name the message itself, which may be a thread's first message
 * or one of its replies.
 */
export function threadOf(event: ActivityEvent, channel: string): string | undefined {
  if (event.type === 'message') {
    if (event.channel !== channel) return undefined;
    const inner = event.message ?? event.previous_message;
    const ts = event.thread_ts ?? inner?.thread_ts;
    return ts || undefined;
  }
  if (event.type === 'reaction_added' || event.type === 'reaction_removed') {
    return event.item?.type === 'message' && event.item.channel === channel ? event.item.ts || undefined : undefined;
  }
  if (event.type === 'pin_added' || event.type === 'pin_removed') {
    return (event.item?.channel ?? event.channel_id) === channel ? event.item?.message?.ts || undefined : undefined;
  }
  return undefined;
}

/**
 * Whether an event could announce a new command: a person's new top-level message in the
 * channel. Edits, deletions, replies and bots' messages (troupe's heartbeats among them) wake
 * nobody, so they cost no extra read of the history.
 */
export function isNewCommandCandidate(event: HintEvent, channel: string): boolean {
  if (event.type !== 'message' || event.subtype !== undefined || event.bot_id !== undefined) return false;
  return event.channel === channel && (event.thread_ts === undefined || event.thread_ts === event.ts);
}

/** Wait before a new connection after a disconnect (jittered), as Slack's own client does. */
const RECONNECT_MS = 1_000;

export type SocketMode = { kind: 'connecting' } | { kind: 'socket' } | { kind: 'poll-only'; reason: string };

/**
 * Socket Mode as a source of hints only (DESIGN §1): each event goes to one random connection, so
 * an event just wakes this agent's poller early; the channel history decides what runs. Every
 * envelope is acked at once. Any disconnect reconnects (a new client, about a second later); when Slack
 * says `too_many_websockets` (the app's 10 connections are taken) the agent runs poll-only and
 * tries again later.
 */
export class SocketHints {
  #options: SocketHintsOptions;
  #client: SocketModeClient | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  #stopped = false;
  #mode: SocketMode = { kind: 'connecting' };

  constructor(options: SocketHintsOptions) {
    this.#options = options;
  }

  get mode(): SocketMode {
    return this.#mode;
  }

  start(): void {
    if (this.#stopped) return;
    const client = new SocketModeClient({
      appToken: this.#options.appToken,
      // The client's own reconnect lets a failed apps.connections.open (a host cut off from Slack)
      // escape as an unhandled rejection that ends the process; the agent reconnects itself.
      autoReconnectEnabled: false,
      logger: slackLogger(this.#options.logger),
      clientOptions: {
        slackApiUrl: this.#options.apiUrl,
        // These headers replace the client's own, so the app token must be repeated here.
        headers: { Authorization: `Bearer ${this.#options.appToken}`, 'X-Troupe-Client': this.#options.host },
        retryConfig: { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 5000 },
      },
    });
    this.#client = client;
    client.on('connected', () => this.#setMode({ kind: 'socket' }));
    // Between a disconnect and the next hello this agent hears nothing: it is polling only.
    client.on('disconnected', () => this.#reconnect(client));
    client.on('ws_message', (data: unknown) => this.#inspectFrame(client, data));
    client.on('slack_event', ({ ack, body }: { ack: () => Promise<void>; body?: { event?: ActivityEvent } }) => {
      ack().catch(() => undefined);
      const event = body?.event;
      if (event && isNewCommandCandidate(event, this.#options.channel)) this.#options.onHint();
      const thread = event && this.#options.onThreadActivity ? threadOf(event, this.#options.channel) : undefined;
      if (thread) this.#hintThread(thread);
      for (const action of blockActionsOf(body)) this.#options.onBlockAction?.(action);
    });
    client.start().catch((error: unknown) => {
      if (this.#stopped || this.#client !== client) return;
      this.#options.logger.warn(`socket mode could not start (${error instanceof Error ? error.message : String(error)}); polling only, retrying later`);
      this.#pollOnly(client, 'socket mode unavailable');
    });
  }

  /** A hint must never break the socket's event handling: a throwing receiver is logged. */
  #hintThread(threadTs: string): void {
    try {
      this.#options.onThreadActivity?.(threadTs);
    } catch (error) {
      this.#options.logger.warn(`thread activity hint for ${threadTs} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#retryTimer);
    const client = this.#client;
    this.#client = undefined;
    await client?.disconnect().catch(() => undefined);
  }

  #inspectFrame(client: SocketModeClient, data: unknown): void {
    const text = typeof data === 'string' ? data : Buffer.isBuffer(data) ? data.toString('utf8') : '';
    if (!text.includes('"disconnect"')) return;
    try {
      const frame = JSON.parse(text) as { type?: string; reason?: string };
      if (frame.type === 'disconnect' && frame.reason === 'too_many_websockets') {
        this.#options.logger.warn("all of the app's Socket Mode connections are taken; polling only, will try again");
        this.#pollOnly(client, "the app's 10 socket connections are taken");
      }
    } catch {
      // Not JSON: not a frame the agent acts on.
    }
  }

  /** Any disconnect but our own: read the channel now, and open a new connection soon. */
  #reconnect(client: SocketModeClient): void {
    if (this.#stopped || this.#client !== client) return;
    this.#client = undefined;
    this.#setMode({ kind: 'connecting' });
    this.#options.onHint();
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => this.start(), RECONNECT_MS * (0.75 + Math.random() / 2));
    this.#retryTimer.unref();
  }

  #pollOnly(client: SocketModeClient, reason: string): void {
    if (this.#client === client) this.#client = undefined;
    client.disconnect().catch(() => undefined);
    this.#setMode({ kind: 'poll-only', reason });
    clearTimeout(this.#retryTimer);
    const base = this.#options.capRetryMs ?? 60_000;
    this.#retryTimer = setTimeout(() => this.start(), base * (0.75 + Math.random() / 2));
    this.#retryTimer.unref();
  }

  #setMode(mode: SocketMode): void {
    if (mode.kind === this.#mode.kind) return;
    this.#mode = mode;
    this.#options.onModeChange(mode);
  }
}
