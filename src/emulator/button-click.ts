import { randomUUID } from 'node:crypto';
import type { WorkspaceSeed } from './api.js';
import type { StoredMessage } from './model.js';
import { views, type MessageRenderer } from './render.js';
import { fail } from './slack-error.js';

interface Button {
  action_id: string;
  block_id?: string;
  text?: unknown;
  value?: string;
}

/** The button with `actionId` in a message's `actions` blocks (what Slack shows as clickable). */
export function findButton(message: StoredMessage, actionId: string): { button: Button; blockId: string } {
  for (const block of (message.blocks ?? []) as { type?: string; block_id?: string; elements?: unknown[] }[]) {
    if (block?.type !== 'actions' || !Array.isArray(block.elements)) continue;
    const button = (block.elements as Button[]).find((e) => (e as { type?: string }).type === 'button' && e.action_id === actionId);
    if (button) return { button, blockId: block.block_id ?? button.block_id ?? 'actions' };
  }
  return fail('action_not_found');
}

/** A `block_actions` payload, as Slack sends it when a person clicks a button in a message. */
export function blockActions(args: {
  seed: WorkspaceSeed;
  renderer: MessageRenderer;
  message: StoredMessage;
  channelName: string;
  user: { id: string; name: string };
  actionId: string;
  responseUrl: string;
}): Record<string, unknown> {
  const { seed, message, user } = args;
  const { button, blockId } = findButton(message, args.actionId);
  const now = (Date.now() / 1000).toFixed(6);
  return {
    type: 'block_actions',
    user: { id: user.id, username: user.name, name: user.name, team_id: seed.team.id },
    api_app_id: seed.bot.appId,
    token: 'local-verification-token',
    container: { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: false },
    trigger_id: `${Date.now()}.${randomUUID()}`,
    team: { id: seed.team.id, domain: seed.team.domain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: message.channel, name: args.channelName },
    message: args.renderer.render(message, views.historyAllMetadata),
    state: { values: {} },
    response_url: args.responseUrl,
    actions: [{ action_id: button.action_id, block_id: blockId, text: button.text, value: button.value, type: 'button', action_ts: now }],
  };
}
