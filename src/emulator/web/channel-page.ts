import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PageHandler } from '../http-server.js';
import type { Store } from '../store.js';
import { LiveFeed } from './live-feed.js';
import { pageMessage } from './page-message.js';
import { readAsset, type Asset } from './static-assets.js';

/** The page may load only its own files and talk only to its own server. */
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

/** The paths that show the page: the base URL, `/channel` and Slack-style permalinks. */
const PAGE_PATHS = /^\/(?:channel\/?(?:[A-Za-z0-9_-]+)?|archives\/[A-Z0-9]+(?:\/p\d+)?)?$/;

/** Everything the page needs to draw a channel from scratch (`GET /web/state?channel=`). */
export function channelState(store: Store, channel?: string): Record<string, unknown> {
  const state = store.channel(channel || (store.seed.channels[0]?.id ?? ''));
  const seed = store.seed;
  return {
    team: seed.team.name,
    channel: { id: state.id, name: state.name },
    bot: { userId: seed.bot.userId, name: seed.bot.name },
    users: [
      { id: seed.bot.userId, name: seed.bot.name, realName: seed.bot.name, isBot: true },
      ...seed.users.map((u) => ({ id: u.id, name: u.name, realName: u.realName ?? u.name, isBot: u.isBot === true })),
    ],
    messages: state.messages.map(pageMessage),
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(JSON.stringify(body));
}

function sendAsset(res: ServerResponse, asset: Asset): void {
  res.writeHead(200, { 'content-type': asset.contentType, ...SECURITY_HEADERS });
  res.end(asset.body);
}

/**
 * The channel web page, served by the local Slack next to its API: `/` (and `/channel`,
 * `/archives/C…/p…`) is the page, `/web/<file>` its files, `/web/state` the channel as JSON and
 * `/web/events` the live feed. Posting goes through the control surface (`POST /_local/post`).
 */
export function channelPage(store: Store): PageHandler {
  const feed = new LiveFeed(store);
  const cache = new Map<string, Asset>();
  return async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const path = url.pathname;
    if (path === '/favicon.ico') {
      res.writeHead(204, SECURITY_HEADERS).end();
      return true;
    }
    if (path === '/web/events' || path === '/web/state') {
      let state: Record<string, unknown>;
      try {
        state = channelState(store, url.searchParams.get('channel') ?? undefined);
      } catch {
        sendJson(res, 404, { ok: false, error: 'channel_not_found', hint: 'Name a seeded channel by id or name, or leave out ?channel= for the first one.' });
        return true;
      }
      if (path === '/web/events') feed.open(res, state);
      else sendJson(res, 200, state);
      return true;
    }
    const name = PAGE_PATHS.test(path) ? 'index.html' : path.startsWith('/web/') ? path.slice('/web/'.length) : undefined;
    const asset = name ? await readAsset(name, cache) : undefined;
    if (!asset) return false;
    sendAsset(res, asset);
    return true;
  };
}
