/**
 * Anything shaped like a Slack token: bot, user, app-level, refresh and config tokens
 * (`xoxb-`, `xoxp-`, `xoxa-`, `xoxr-`, `xoxe-`, `xoxe.xoxp-`, `xapp-`).
 */
const TOKEN = /\bx(?:ox[a-z](?:\.xox[a-z])?|app)-[A-Za-z0-9-]+/g;

/** Replaces every Slack-token-shaped substring with a fixed marker. */
export function redact(text: string): string {
  return text.replace(TOKEN, (token) => `${token.slice(0, 5)}…[redacted]`);
}
