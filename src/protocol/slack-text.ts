/**
 * Turns the text of a Slack message back into what the person typed.
 *
 * Slack rewrites what people type before it reaches an app:
 * - `<`, `>` and `&` arrive as `&lt;`, `&gt;` and `&amp;`;
 * - mentions arrive as `<@U123>` (or `<@U123|name>`), channels as `<#C123|ops>`,
 *   special mentions as `<!here>`;
 * - anything that looks like a URL or a domain (`web-1.example.com`) arrives as a link,
 *   `<http://web-1.example.com|web-1.example.com>`; without a label, `<http://…>`.
 * Whitespace is normalised too: tabs, newlines and non-breaking spaces become plain spaces.
 */

/** Leading mentions of anyone (`<@U123> deploy canary`) address the message; they are dropped. */
const LEADING_MENTIONS = /^(?:\s*<@[A-Z0-9]+(?:\|[^>]*)?>[\s,:]*)+/;
const ANGLE = /<([^<>]*)>/g;
// Every Unicode space separator, tab, line break, and the zero-width characters Slack clients paste.
const SPACES = /[\s\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]+/gu;

function unwrapAngle(inner: string): string {
  const bar = inner.indexOf('|');
  const target = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? undefined : inner.slice(bar + 1);
  if (target.startsWith('@')) return label ? `@${label}` : target;
  if (target.startsWith('#')) return label ? `#${label}` : target;
  if (target.startsWith('!')) return `@${target.slice(1).split('^')[0]}`;
  // A link: what the person typed is the label when there is one, else the URL itself.
  return label ?? target;
}

function unescapeEntities(text: string): string {
  // &amp; last, so that `&amp;lt;` (a typed `&lt;`) stays `&lt;`.
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** What the person typed, with leading mentions dropped and whitespace collapsed. */
export function slackToPlain(text: string): string {
  const addressed = text.replace(LEADING_MENTIONS, '');
  const unwrapped = addressed.replace(ANGLE, (_match, inner: string) => unwrapAngle(inner));
  return unescapeEntities(unwrapped).replace(SPACES, ' ').trim();
}
