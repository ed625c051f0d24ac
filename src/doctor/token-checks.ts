import { fail, pass, type CheckResult } from './check.js';
import type { DoctorConfig } from './doctor-config.js';
import type { DoctorWeb } from './slack-clients.js';
import { describeSlackError, reachFix, TOKEN_ERRORS } from './slack-error.js';

/** Who the bot token belongs to, and the scopes Slack says it carries (`x-oauth-scopes`). */
export interface BotIdentity {
  readonly userId: string;
  readonly name: string;
  readonly team: string;
  readonly scopes?: readonly string[];
}

const BOT_TOKEN_PAGE = 'the Bot User OAuth Token (xoxb-…) on the app\'s "OAuth & Permissions" page';
const APP_TOKEN_PAGE = 'an app-level token with connections:write ("Basic Information" → "App-Level Tokens")';

/** `xoxb-…`: a token's kind, safe to print. */
export function tokenKind(token: string): string {
  const prefix = /^(x[a-z]{3})-/.exec(token);
  return prefix ? `${prefix[1]}-…` : 'not a Slack token';
}

/** auth.test with the bot token: the token is a bot token, valid, and installed. */
export async function checkBotToken(
  config: DoctorConfig,
  web: DoctorWeb,
): Promise<{ result: CheckResult; bot?: BotIdentity }> {
  const where = 'SLACK_BOT_TOKEN or tokens.botFile';
  if (!config.tokens.bot.startsWith('xoxb-')) {
    const detail = `${where} holds ${tokenKind(config.tokens.bot)}, not a bot token`;
    return { result: fail('bot-token', detail, `use ${BOT_TOKEN_PAGE}`) };
  }
  try {
    const answer = await web.auth.test();
    const bot: BotIdentity = {
      userId: answer.user_id ?? '?',
      name: answer.user ?? 'the bot',
      team: answer.team ?? answer.team_id ?? '?',
      ...(answer.response_metadata?.scopes ? { scopes: answer.response_metadata.scopes } : {}),
    };
    return { result: pass('bot-token', `@${bot.name} (${bot.userId}) in workspace ${bot.team}`), bot };
  } catch (error) {
    const problem = describeSlackError(error);
    const fix = TOKEN_ERRORS.has(problem.code)
      ? `install the app to the workspace again ("Install App") and copy ${BOT_TOKEN_PAGE} into ${where}`
      : reachFix(problem, config.apiUrl);
    return { result: fail('bot-token', `auth.test refused the bot token: ${problem.summary}`, fix) };
  }
}

/**
 * The app-level token (Socket Mode): auth.test first; a Slack that does not take app-level tokens
 * there (`not_allowed_token_type`) is asked with the one method such a token exists for.
 */
export async function checkAppToken(config: DoctorConfig, web: DoctorWeb): Promise<CheckResult> {
  const token = config.tokens.app;
  const where = 'SLACK_APP_TOKEN or tokens.appFile';
  if (!token) {
    return fail('app-token', `no app-level token (${where})`, `create ${APP_TOKEN_PAGE}, or set slack.socket: false to run poll-only`);
  }
  if (!token.startsWith('xapp-')) {
    return fail('app-token', `${where} holds ${tokenKind(token)}, not an app-level token`, `use ${APP_TOKEN_PAGE}`);
  }
  try {
    const scopes = await appTokenScopes(web);
    if (scopes && !scopes.includes('connections:write')) {
      return fail('app-token', `the app-level token has ${scopes.join(', ') || 'no scopes'}`, `create ${APP_TOKEN_PAGE}`);
    }
    return pass('app-token', 'accepted by Slack, with connections:write');
  } catch (error) {
    const problem = describeSlackError(error);
    const fix = TOKEN_ERRORS.has(problem.code) ? `create ${APP_TOKEN_PAGE} and put it in ${where}` : reachFix(problem, config.apiUrl);
    return fail('app-token', `Slack refused the app-level token: ${problem.summary}`, fix);
  }
}

async function appTokenScopes(web: DoctorWeb): Promise<readonly string[] | undefined> {
  try {
    return (await web.auth.test()).response_metadata?.scopes;
  } catch (error) {
    if (describeSlackError(error).code !== 'not_allowed_token_type') throw error;
    return (await web.apps.connections.open()).response_metadata?.scopes;
  }
}
