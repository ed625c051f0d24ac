import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { APP_TOKEN_SCOPES, BOT_EVENTS, REQUIRED_BOT_SCOPES, missingScopes } from '../../src/doctor/scopes.js';
import { root } from '../helpers/cli.js';

interface Manifest {
  display_information: { name: string; long_description?: string };
  features: { bot_user: { display_name: string } };
  oauth_config: { scopes: { bot: string[]; user?: string[] } };
  settings: {
    event_subscriptions: { bot_events: string[]; request_url?: string };
    interactivity: { is_enabled: boolean; request_url?: string };
    socket_mode_enabled: boolean;
  };
}

const text = readFileSync(join(root, 'deploy', 'slack-app-manifest.yaml'), 'utf8');
const manifest = parseYaml(text) as Manifest;

/** The scope Slack requires for each event subscription (Slack's event reference). */
const eventScope: Record<string, string> = {
  'message.channels': 'channels:history',
  'message.groups': 'groups:history',
  pin_added: 'pins:read',
  pin_removed: 'pins:read',
  reaction_added: 'reactions:read',
};

test('the manifest asks for exactly the bot scopes troupe requires, and no user scopes', () => {
  assert.deepEqual([...manifest.oauth_config.scopes.bot].sort(), [...REQUIRED_BOT_SCOPES]);
  assert.equal(manifest.oauth_config.scopes.user, undefined);
});

test('the manifest subscribes to exactly the bot events troupe uses, each covered by a granted scope', () => {
  assert.deepEqual([...manifest.settings.event_subscriptions.bot_events].sort(), [...BOT_EVENTS].sort());
  for (const event of BOT_EVENTS) {
    const scope = eventScope[event];
    assert.ok(scope, `no known scope for ${event}`);
    assert.ok(REQUIRED_BOT_SCOPES.includes(scope), `${event} needs ${scope}`);
  }
});

test('the manifest turns Socket Mode and interactivity on, with no public URL', () => {
  assert.equal(manifest.settings.socket_mode_enabled, true);
  assert.equal(manifest.settings.interactivity.is_enabled, true);
  assert.equal(manifest.settings.interactivity.request_url, undefined);
  assert.equal(manifest.settings.event_subscriptions.request_url, undefined);
  assert.equal(manifest.features.bot_user.display_name, 'troupe');
});

test('the manifest tells how to make the app-level token, with its scope', () => {
  for (const scope of APP_TOKEN_SCOPES) assert.match(text, new RegExp(`^#.*\\b${scope}\\b`, 'm'));
  assert.match(text, /App-Level Tokens/);
});

test('missingScopes names what a token lacks, in the required order', () => {
  assert.deepEqual(missingScopes(REQUIRED_BOT_SCOPES), []);
  const granted = REQUIRED_BOT_SCOPES.filter((scope) => scope !== 'pins:write' && scope !== 'chat:write');
  assert.deepEqual(missingScopes([...granted, 'files:write']), ['chat:write', 'pins:write']);
  assert.deepEqual(missingScopes([' chat:write '], ['chat:write']), []);
});
