import { randomUUID } from 'node:crypto';
import type { WorkspaceSeed } from './api.js';
import { fail } from './slack-error.js';
import type { Store } from './store.js';

type Body = Record<string, unknown>;

/**
 * The `response_url` of a button click: the app answers there to replace or delete the message
 * it was clicked in, or to post to the channel. Ephemeral answers (the default) are shown only to
 * the person who clicked, so they change nothing here.
 */
export class ResponseUrls {
  private readonly targets = new Map<string, { channel: string; ts: string }>();

  constructor(
    private readonly store: Store,
    private readonly seed: WorkspaceSeed,
  ) {}

  issue(baseUrl: string, channel: string, ts: string): string {
    const id = randomUUID();
    this.targets.set(id, { channel, ts });
    if (this.targets.size > 1000) this.targets.delete(this.targets.keys().next().value ?? '');
    return `${baseUrl}_local/response/${id}`;
  }

  /** `POST /_local/response/<id>`: returns the id, or undefined for other paths. */
  static idOf(path: string): string | undefined {
    return /^\/_local\/response\/([0-9a-f-]{36})$/.exec(path)?.[1];
  }

  respond(id: string, body: Body): Body {
    const target = this.targets.get(id) ?? fail('expired_url');
    const bot = this.seed.bot;
    const text = typeof body.text === 'string' ? body.text : undefined;
    const blocks = Array.isArray(body.blocks) ? body.blocks : undefined;
    if (body.delete_original === true) {
      this.store.delete(target.channel, target.ts, bot.userId);
    } else if (body.replace_original === true) {
      this.store.update(target.channel, target.ts, bot.userId, { text, blocks });
    } else if (body.response_type === 'in_channel') {
      if (text === undefined && !blocks) fail('no_text');
      const threadTs = typeof body.thread_ts === 'string' ? body.thread_ts : undefined;
      this.store.post(target.channel, { user: bot.userId, bot: { botId: bot.botId, appId: bot.appId }, text: text ?? '', blocks, threadTs });
    }
    return {};
  }
}
