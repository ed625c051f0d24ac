import { h } from './dom.js';

const ENTITIES = { '&lt;': '<', '&gt;': '>', '&amp;': '&' };

/** Undoes Slack's escaping of `<`, `>` and `&`. */
export function unescapeSlack(text) {
  return text.replace(/&(?:lt|gt|amp);/g, (entity) => ENTITIES[entity]);
}

function safeUrl(url) {
  return /^https?:\/\//i.test(url) ? url : undefined;
}

/**
 * One `<…>` token of Slack's text: a mention, a channel, `<!here>`, or a link. Cases:
 * - `<@U123>` / `<@U123|name>` → `@name` (the seeded name when known);
 * - `<#C123|ops>` → `#ops`; `<!here>` → `@here`, `<!subteam^S1|@ops>` → `@ops`;
 * - `<https://x|label>` → a link (http and https only), anything else stays literal text.
 */
function angleToken(inner, names) {
  const [target = '', label] = inner.split('|');
  if (target.startsWith('@')) return h('span', { class: 'mention' }, `@${label ?? names(target.slice(1))}`);
  if (target.startsWith('#')) return h('span', { class: 'mention' }, `#${label ?? target.slice(1)}`);
  if (target.startsWith('!')) return h('span', { class: 'mention' }, label ?? `@${target.slice(1)}`);
  const href = safeUrl(target);
  if (href) return h('a', { href, rel: 'noopener noreferrer', target: '_blank' }, unescapeSlack(label ?? target));
  return unescapeSlack(`<${inner}>`);
}

const INLINE = /`([^`\n]+)`|<([^<>\n]+)>|\*([^*\n]+)\*/g;

function inline(text, names) {
  const out = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    out.push(unescapeSlack(text.slice(last, match.index)));
    if (match[1] !== undefined) out.push(h('code', {}, unescapeSlack(match[1])));
    else if (match[2] !== undefined) out.push(angleToken(match[2], names));
    else out.push(h('strong', {}, unescapeSlack(match[3])));
    last = match.index + match[0].length;
  }
  out.push(unescapeSlack(text.slice(last)));
  return out;
}

/** Slack's text (mrkdwn) as DOM nodes: code blocks, inline code, bold, mentions and links. */
export function renderText(text, names) {
  const parts = String(text).split(/```/);
  return parts.map((part, index) => (index % 2 === 1 && index < parts.length - 1 ? h('pre', {}, unescapeSlack(part.replace(/^\n/, ''))) : h('span', {}, inline(part, names))));
}
