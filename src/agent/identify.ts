import type { WebClient } from '@slack/web-api';
import { ConfigError } from './config-error.js';
import { platformError } from './thread.js';

const REFUSED = ['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired'];

/** Who the agent is on Slack (`auth.test`); a refused token becomes an error that says where it came from. */
export async function identify(slack: Pick<WebClient, 'auth'>, configFile: string): Promise<{ botUserId: string; botId: string }> {
  try {
    const auth = await slack.auth.test();
    return { botUserId: String(auth.user_id ?? ''), botId: String(auth.bot_id ?? '') };
  } catch (error) {
    const code = platformError(error);
    if (code && REFUSED.includes(code)) {
      throw new ConfigError(`Slack refused the bot token (${code}): check SLACK_BOT_TOKEN or tokens.botFile in ${configFile}`, { cause: error });
    }
    throw error;
  }
}
