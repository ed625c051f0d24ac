import { WebClient } from '@slack/web-api';
import { UsageError } from '../../errors.js';

export interface PostTarget {
  apiUrl: string;
  channel: string;
  /** `--as USER`: post as this person of a local Slack (its `/_local/post`). */
  as?: string;
  /** A Slack user token (`xoxp-…`) of an operator: the message is that person's. */
  userToken?: string;
}

const LOOPBACK = /^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?\//;

/**
 * Posts a deploy command into the channel as a person. Agents take commands only from people
 * who are operators, never from bots: a bot token (which every host holds) cannot deploy. So the
 * terminal posts with an operator's own user token, or, on a local Slack, as a seeded person.
 */
export async function postCommand(target: PostTarget, text: string, fetchImpl: typeof fetch = fetch): Promise<string> {
  if (target.as !== undefined) {
    if (!LOOPBACK.test(target.apiUrl)) {
      throw new UsageError(`--as works only against a local Slack (loopback URL), not ${target.apiUrl}; on a real workspace set SLACK_USER_TOKEN to an operator's user token (xoxp-…)`);
    }
    const base = target.apiUrl.replace(/api\/?$/, '');
    const response = await fetchImpl(new URL('_local/post', base), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: target.as, text, channel: target.channel }),
    });
    const body = (await response.json().catch(() => ({}))) as { ok?: boolean; ts?: string; error?: string };
    if (!body.ok || !body.ts) throw new UsageError(`the local Slack refused the post as ${target.as}: ${body.error ?? response.status}; check the user name (alice) or id`);
    return body.ts;
  }
  if (!target.userToken) {
    throw new UsageError(
      'troupe deploy posts the command as you, an operator: set SLACK_USER_TOKEN to your Slack user token (xoxp-…, scope chat:write), ' +
        'or pass --as USER against a local Slack. Agents ignore commands posted by bots, so the bot token cannot deploy.',
    );
  }
  const posted = await new WebClient(target.userToken, { slackApiUrl: target.apiUrl, retryConfig: { retries: 2 } }).chat.postMessage({ channel: target.channel, text });
  return String(posted.ts);
}
