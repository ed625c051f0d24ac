import { slackToPlain } from '../protocol/slack-text.js';

/**
 * A record's Slack text as one terminal line: the first line, no mrkdwn marks, no emoji (they
 * are double width, and the record's kind already says it). Display only: the metadata decides.
 */
export function readable(text: string | undefined): string {
  const first = slackToPlain(text ?? '').split('\n')[0] ?? '';
  return first
    .replace(/[*`]/g, '')
    .replace(/\p{Extended_Pictographic}\uFE0F?\s*/gu, '')
    .trim();
}
