import type { AddressInfo } from 'node:net';
import type { Faults, LocalSlack, LocalSlackOptions, PostAsUser } from './api.js';
import { CallLog } from './call-log.js';
import { ClientRegistry } from './client-registry.js';
import { controlRoutes, serveControl } from './control-routes.js';
import { EventBuilder } from './events.js';
import { FaultState } from './faults.js';
import { createHttpServer, type PageHandler } from './http-server.js';
import { PeopleActions } from './people-actions.js';
import { loadState, StateSaver } from './persistence.js';
import { RateLimiter } from './rate-limiter.js';
import { MessageRenderer, views } from './render.js';
import { defaultSeed } from './seed.js';
import { SocketModeServer } from './socket-mode.js';
import { Store } from './store.js';
import { WebApi } from './web-api.js';

export type { LocalSlack, LocalSlackOptions } from './api.js';
export type { StoreChange } from './store.js';

/** What the channel web page (and other in-process extensions) plug into. */
export interface LocalSlackInternals {
  /** The state; `store.on('change', fn)` is the live change feed. */
  store: Store;
  renderer: MessageRenderer;
  /** Adds a page handler served after `/api/` and `/_local/`. */
  addPage(handler: PageHandler): void;
}

export interface RunningLocalSlack extends LocalSlack {
  readonly internals: LocalSlackInternals;
}

/** Starts the local Slack on loopback: Web API, Socket Mode and the control surface. */
export async function startLocalSlack(options: LocalSlackOptions = {}): Promise<RunningLocalSlack> {
  const seed = options.seed ?? defaultSeed();
  const store = new Store(seed);
  if (options.dataFile) {
    const saved = await loadState(options.dataFile);
    if (saved) store.load(saved);
  }
  let baseUrl = '';
  let wsBase = '';
  const renderer = new MessageRenderer(seed, () => baseUrl, (channel, ts) => store.message(channel, ts));
  const sockets = new SocketModeServer({
    appId: seed.bot.appId,
    wsBase: () => wsBase,
    ackTimeoutMs: options.ackTimeoutMs ?? 3000,
    connectionLifetimeMs: options.connectionLifetimeMs ?? 4 * 60 * 60 * 1000,
  });
  const events = new EventBuilder(seed, renderer, (c) => store.channel(c).members.includes(seed.bot.userId), (c) => store.pins(c).length);
  store.on('change', (change) => {
    const payload = events.build(change);
    if (payload) sockets.deliver(payload);
  });
  const saver = options.dataFile ? new StateSaver(options.dataFile, () => store.dump()) : undefined;
  if (saver) store.on('change', () => saver.changed());

  const log = new CallLog();
  const faults = new FaultState();
  const clients = new ClientRegistry();
  const pages: PageHandler[] = [];
  const api = new WebApi({
    store, renderer, seed, log, faults,
    limiter: new RateLimiter(options.rateLimits ?? 'slack'),
    baseUrl: () => baseUrl,
    openSocket: (client) => sockets.issueUrl(client),
  });
  const people = new PeopleActions(store, seed);
  const users: Record<string, string> = { bot: seed.bot.userId, ...Object.fromEntries(seed.users.map((u) => [u.name, u.id])) };
  const channel = seed.channels[0]?.id ?? '';

  const slack: RunningLocalSlack = {
    get apiUrl() { return `${baseUrl}api/`; },
    get baseUrl() { return baseUrl; },
    botToken: seed.bot.botToken,
    appToken: seed.bot.appToken,
    channel,
    team: seed.team.id,
    users,
    internals: { store, renderer, addPage: (handler) => pages.push(handler) },
    postAsUser: async (post: PostAsUser) => people.post(post),
    reactAsUser: async (args) => people.react(args),
    pinAsUser: async (args) => people.pin(args),
    editAsUser: async (args) => people.edit(args),
    callLog: () => log.all(),
    setFaults: (f: Faults) => faults.set(f),
    clearFaults: () => faults.clear(),
    dropSockets: () => sockets.dropAll(),
    cutOff: (client, ms) => {
      clients.cutOff(client, ms);
      sockets.dropClient(client);
    },
    restore: (client) => clients.restore(client),
    reset: () => store.reset(),
    snapshot: (id) => store.channel(id ?? channel).messages.map((m) => renderer.render(m, views.historyAllMetadata)),
    close: async () => {
      sockets.close();
      clients.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await saver?.flush();
    },
  };
  const routes = controlRoutes(slack, () => info(slack));
  const server = createHttpServer({
    api: (req, res, method, client) => api.handle(req, res, method, client),
    control: (req, res, path) => serveControl(routes, req, res, path),
    upgrade: (req, socket, head) => sockets.handleUpgrade(req, socket, head, (client) => clients.isCut(client)),
    pages,
    clients,
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  baseUrl = `http://${urlHost}:${port}/`;
  wsBase = `ws://${urlHost}:${port}`;
  return slack;
}

/** The `--json` start line and `GET /_local/info`. */
export function info(slack: LocalSlack): Record<string, unknown> {
  return {
    apiUrl: slack.apiUrl,
    botToken: slack.botToken,
    appToken: slack.appToken,
    channel: slack.channel,
    team: slack.team,
    users: { alice: slack.users.alice, mallory: slack.users.mallory },
  };
}
