import { emoji, h, tsTime } from './dom.js';
import { renderText } from './mrkdwn.js';

/** The name of a record kind for people: `troupe_canary_healthy` → `canary healthy`. */
export function recordName(eventType) {
  return eventType.replace(/^troupe_/, '').replaceAll('_', ' ');
}

function author(message, ctx) {
  const person = ctx.user(message.user);
  const host = message.metadata?.event_payload?.host;
  return [
    h('span', { class: 'author' }, message.tombstone ? 'Slackbot' : person?.realName ?? person?.name ?? message.user),
    message.bot ? h('span', { class: 'badge', title: 'posted by the troupe app' }, 'APP') : null,
    typeof host === 'string' ? h('span', { class: 'host' }, host) : null,
  ];
}

function header(message, ctx) {
  const time = tsTime(message.ts);
  return h('div', { class: 'meta' },
    author(message, ctx),
    h('time', { datetime: time.iso, title: `${time.iso} (ts ${message.ts})` }, time.short),
    message.pinned ? h('span', { class: 'pin', role: 'img', 'aria-label': 'Pinned', title: 'Pinned: a host holds this lock' }, '📌') : null,
    message.edited ? h('span', { class: 'edited' }, '(edited)') : null,
  );
}

function record(message) {
  if (!message.metadata) return null;
  const type = message.metadata.event_type;
  return h('details', { class: 'record' },
    h('summary', {}, `${recordName(type)} record`),
    h('pre', {}, JSON.stringify(message.metadata, null, 2)),
  );
}

function reactions(message, ctx) {
  const me = ctx.me();
  const chips = message.reactions.map((reaction) => {
    const mine = reaction.users.includes(me.id);
    const who = reaction.users.map((id) => ctx.user(id)?.name ?? id).join(', ');
    return h('button', {
      type: 'button',
      class: 'reaction',
      'aria-pressed': mine ? 'true' : 'false',
      'aria-label': `${reaction.name}: ${reaction.users.length} (${who})${mine ? '' : `. Add as ${me.name}`}`,
      title: who,
      disabled: mine,
      onclick: () => ctx.react(message.ts, reaction.name),
    }, `${emoji(reaction.name)} ${reaction.users.length}`);
  });
  return h('div', { class: 'reactions', role: 'group', 'aria-label': 'Reactions' }, chips);
}

function actions(message, ctx, inThread) {
  if (inThread || message.threadTs || message.tombstone) return null;
  const me = ctx.me();
  const replies = message.replyCount;
  return h('div', { class: 'actions' },
    h('button', { type: 'button', class: 'replies', 'aria-label': `${replies > 0 ? `${replies} ${replies === 1 ? 'reply' : 'replies'}` : 'Reply'} in the thread of ${ctx.user(message.user)?.name ?? 'this message'} at ${tsTime(message.ts).short}`, onclick: (event) => ctx.openThread(message.ts, event.currentTarget) },
      replies > 0 ? `${replies} ${replies === 1 ? 'reply' : 'replies'}` : 'Reply in thread'),
    message.bot ? null : h('button', { type: 'button', class: 'quick-react', 'aria-label': `React with white_check_mark as ${me.name}`, onclick: () => ctx.react(message.ts, 'white_check_mark') }, '✅'),
  );
}

/**
 * One message as a list item: author (APP and host for the bot's records), time, 📌 when pinned,
 * the text, the record's metadata on demand, reactions, and for a top-level message its thread.
 */
export function messageView(message, ctx, inThread = false) {
  return h('li', {
    class: `message${message.bot ? ' bot' : ''}${message.pinned ? ' pinned' : ''}${message.tombstone ? ' tombstone' : ''}`,
    'data-ts': message.ts,
    tabindex: '-1',
  },
  header(message, ctx),
  h('div', { class: 'text' }, renderText(message.text, (id) => ctx.user(id)?.name ?? id)),
  record(message),
  message.reactions.length > 0 ? reactions(message, ctx) : null,
  actions(message, ctx, inThread),
  );
}
