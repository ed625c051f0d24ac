/**
 * What troupe asks of Slack, in one place: the bot scopes and events in
 * deploy/slack-app-manifest.yaml, and what `troupe doctor` checks a token against, come from here.
 * A test keeps the manifest equal to these lists.
 */

/** A bot scope and the Web API methods (or events) troupe uses it for. */
export interface ScopeUse {
  readonly scope: string;
  readonly usedFor: string;
}

/**
 * The bot token's scopes: exactly those the methods troupe calls need. Private channels are
 * supported (a control channel is best kept private), hence the `groups:` pair.
 */
export const BOT_SCOPES: readonly ScopeUse[] = [
  { scope: 'channels:history', usedFor: 'conversations.history/replies in a public channel, message.channels events' },
  { scope: 'channels:read', usedFor: 'conversations.info on a public channel (is the bot a member)' },
  { scope: 'chat:write', usedFor: 'chat.postMessage/update/delete: replies, records, the roster' },
  { scope: 'groups:history', usedFor: 'conversations.history/replies in a private channel, message.groups events' },
  { scope: 'groups:read', usedFor: 'conversations.info on a private channel' },
  { scope: 'pins:read', usedFor: 'pins.list and pin_added/pin_removed events: who holds a lock' },
  { scope: 'pins:write', usedFor: 'pins.add/pins.remove: the lock itself' },
  { scope: 'reactions:read', usedFor: 'reactions.get and reaction_added events: ✅ to promote' },
  { scope: 'reactions:write', usedFor: 'reactions.add/remove: the ⏳ ✅ ❌ markers' },
  { scope: 'usergroups:read', usedFor: 'usergroups.users.list: operators given as user groups' },
  { scope: 'users:read', usedFor: 'users.info: names in replies and refusals' },
];

/** The bot scope names, sorted. */
export const REQUIRED_BOT_SCOPES: readonly string[] = BOT_SCOPES.map((use) => use.scope).sort();

/** The app-level token (Socket Mode) needs this one scope, for apps.connections.open. */
export const APP_TOKEN_SCOPES: readonly string[] = ['connections:write'];

/** The bot events troupe subscribes to: hints that wake an agent early (the history is the truth). */
export const BOT_EVENTS: readonly string[] = [
  'message.channels',
  'message.groups',
  'pin_added',
  'pin_removed',
  'reaction_added',
];

/** The required scopes a token lacks, given what Slack says it was granted (`x-oauth-scopes`). */
export function missingScopes(granted: readonly string[], required: readonly string[] = REQUIRED_BOT_SCOPES): string[] {
  const have = new Set(granted.map((scope) => scope.trim()));
  return required.filter((scope) => !have.has(scope));
}

/** Why troupe needs a scope, for messages that say what to add. */
export function scopeUse(scope: string): string | undefined {
  return BOT_SCOPES.find((use) => use.scope === scope)?.usedFor;
}
