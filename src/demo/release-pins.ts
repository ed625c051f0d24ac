import { WebClient } from '@slack/web-api';

/** A pin left behind, and what became of it. */
export interface ReleasedPin {
  ts: string;
  text: string;
}

/**
 * Removes the pins the stopped fleet left behind (a rollout interrupted mid-turn holds one), each
 * with a reply that says why, so that the next start finds no stale lock. Runs only once every
 * agent has stopped: nobody else can be holding them.
 */
export async function releaseLeftoverPins(apiUrl: string, token: string, channel: string): Promise<ReleasedPin[]> {
  const slack = new WebClient(token, { slackApiUrl: apiUrl, retryConfig: { retries: 3, factor: 1, minTimeout: 200, maxTimeout: 2000 } });
  const listed = await slack.pins.list({ channel });
  const released: ReleasedPin[] = [];
  for (const item of listed.items ?? []) {
    const ts = item.message?.ts;
    if (!ts) continue;
    await slack.chat.postMessage({ channel, thread_ts: ts, text: 'The demo stopped every agent and removed this pin: nobody holds this lock any more.' });
    await slack.pins.remove({ channel, timestamp: ts });
    released.push({ ts, text: item.message?.text ?? '' });
  }
  return released;
}
