import type { PostAsUser, WorkspaceSeed } from './api.js';
import { findPerson } from './methods/users.js';
import { reactionName } from './methods/reactions.js';
import { fail, SlackMethodError } from './slack-error.js';
import type { Store } from './store.js';

/** What a person does in the Slack client: post, react, pin, edit. Events follow as for real calls. */
export class PeopleActions {
  constructor(
    private readonly store: Store,
    private readonly seed: WorkspaceSeed,
  ) {}

  /** A seeded person's user id, from an id or a name. */
  user(idOrName: string): string {
    const person = findPerson(this.seed, idOrName);
    if (person) return person.id;
    const known = this.seed.users.map((user) => user.name).join(', ');
    throw new SlackMethodError('user_not_found', {}, `No user "${idOrName}" in the local Slack's workspace; use a user id or one of: ${known}.`);
  }

  /** A channel id, from an id or a name; the first seeded channel by default. */
  channel(channel?: string): string {
    const id = channel ?? this.seed.channels[0]?.id ?? fail('channel_not_found');
    return this.store.channel(id).id;
  }

  post(post: PostAsUser): { ts: string } {
    if (typeof post.text !== 'string' || post.text.length === 0) fail('no_text');
    const message = this.store.post(this.channel(post.channel), {
      user: this.user(post.user),
      text: post.text,
      fromPerson: true,
      threadTs: post.thread_ts,
    });
    return { ts: message.ts };
  }

  react(args: { user: string; name: string; timestamp: string; channel?: string }): void {
    this.store.react(this.channel(args.channel), args.timestamp, this.user(args.user), reactionName(args.name));
  }

  pin(args: { user: string; timestamp: string; channel?: string }): void {
    this.store.pin(this.channel(args.channel), args.timestamp, this.user(args.user));
  }

  edit(args: { user: string; ts: string; text: string; channel?: string }): void {
    this.store.update(this.channel(args.channel), args.ts, this.user(args.user), { text: args.text });
  }
}
