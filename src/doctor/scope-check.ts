import { fail, pass, skip, type CheckResult } from './check.js';
import { missingScopes, REQUIRED_BOT_SCOPES, scopeUse } from './scopes.js';

const ADD_SCOPES =
  'on the app\'s "OAuth & Permissions" page add them under "Bot Token Scopes" (or paste deploy/slack-app-manifest.yaml ' +
  'into "App Manifest"), then "Reinstall to Workspace" and put the bot token Slack shows into SLACK_BOT_TOKEN or tokens.botFile';

/** The scopes Slack says the bot token carries (its `x-oauth-scopes` header) against what troupe needs. */
export function checkScopes(granted: readonly string[] | undefined): CheckResult {
  if (!granted) return skip('scopes', 'Slack sent no x-oauth-scopes header, so the granted scopes are unknown');
  const missing = missingScopes(granted);
  if (missing.length > 0) {
    const named = missing.map((scope) => `${scope} (${scopeUse(scope) ?? 'required'})`).join('; ');
    return fail('scopes', `missing ${named}`, ADD_SCOPES);
  }
  const extra = granted.filter((scope) => !REQUIRED_BOT_SCOPES.includes(scope));
  const note = extra.length > 0 ? `; also granted, not needed: ${extra.join(', ')}` : '';
  return pass('scopes', `all ${REQUIRED_BOT_SCOPES.length} required scopes granted${note}`);
}
