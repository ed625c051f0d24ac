import type { LocalSlack } from './api.js';

/** The `troupe emulator --json` start line, also served as `GET /_local/info`. */
export function startLine(slack: LocalSlack): Record<string, unknown> {
  return {
    apiUrl: slack.apiUrl,
    botToken: slack.botToken,
    appToken: slack.appToken,
    channel: slack.channel,
    team: slack.team,
    users: { alice: slack.users.alice, mallory: slack.users.mallory },
  };
}
