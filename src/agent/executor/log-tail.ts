/** The last `lines` lines of `text`, at most `chars` characters, for replies in Slack. */
export function logTail(text: string, lines = 30, chars = 2000): string {
  const kept = text.replace(/\s+$/, '').split('\n').slice(-lines).join('\n');
  return kept.length > chars ? `…${kept.slice(kept.length - chars + 1)}` : kept;
}
