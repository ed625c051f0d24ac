import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CallLogEntry, Faults, LocalSlack, LocalSlackOptions, PostAsUser, WorkspaceSeed } from './api.js';
import { TroupeError } from '../errors.js';
import { blockActions } from './button-click.js';
import { CallLog } from './call-log.js';
import { ClientRegistry } from './client-registry.js';
import { controlRoutes, serveControl } from './control-routes.js';
import { EventBuilder } from './events.js';
import { FaultState } from './faults.js';
import { createHttpServer, type PageHandler } from './http-server.js';
import { findPerson } from './methods/users.js';
import { PeopleActions } from './people-actions.js';
import { StateSaver } from './persistence.js';
import { RateLimiter } from './rate-limiter.js';
import { MessageRenderer, views } from './render.js';
import { fail } from './slack-error.js';
import { ResponseUrls } from './response-urls.js';
import { SocketModeServer } from './socket-mode.js';
import { startLine } from './start-line.js';
import { Store } from './store.js';
import { WebApi } from './web-api.js';

export class ListenError extends TroupeError {
  override readonly code = 'listen_failed';
}

/** What the channel web page (and other in-process extensions) plug into. */
export interface LocalSlackInternals {
  /** The state; `store.on('change', fn)` is the live change feed. */
  store: Store;
  renderer: MessageRenderer;
  /** Adds a page handler, served for paths outside `/api/` and `/_local/`. */
  addPage(handler: PageHandler): void;
}

/** The running local Slack: the {@link LocalSlack} contract plus the internals for in-process extensions. */
export class LocalSlackServer implements LocalSlack {
  readonly botToken: string;
  readonly appToken: string;
  readonly channel: string;
  readonly team: string;
  readonly users: Record<string, string>;
  readonly internals: LocalSlackInternals;
  private base = '';
  private readonly store: Store;
  private readonly sockets: SocketModeServer;
  private readonly log = new CallLog();
  private readonly faults = new FaultState();
  private readonly clients = new ClientRegistry();
  private readonly people: PeopleActions;
  private readonly saver: StateSaver | undefined;
  private readonly server: Server;
  private readonly responses: ResponseUrls;

  constructor(
    private readonly seed: WorkspaceSeed,
    options: LocalSlackOptions,
    store = new Store(seed),
  ) {
    this.store = store;
    this.botToken = seed.bot.botToken;
    this.appToken = seed.bot.appToken;
    this.channel = seed.channels[0]?.id ?? '';
    this.team = seed.team.id;
    this.users = { bot: seed.bot.userId, ...Object.fromEntries(seed.users.map((u) => [u.name, u.id])) };
    const renderer = new MessageRenderer(seed, () => this.base, (channel, ts) => store.message(channel, ts));
    this.sockets = new SocketModeServer({
      appId: seed.bot.appId,
      wsBase: () => this.base.replace(/^http/, 'ws').replace(/\/$/, ''),
      ackTimeoutMs: options.ackTimeoutMs ?? 3000,
      connectionLifetimeMs: options.connectionLifetimeMs ?? 4 * 60 * 60 * 1000,
      pingIntervalMs: options.pingIntervalMs ?? 10_000,
    });
    this.saver = this.followChanges(seed, renderer, options.dataFile);
    this.people = new PeopleActions(store, seed);
    this.responses = new ResponseUrls(store, seed);
    const pages: PageHandler[] = [];
    this.internals = { store, renderer, addPage: (handler) => pages.push(handler) };
    const api = new WebApi({
      store, renderer, seed, log: this.log, faults: this.faults,
      limiter: new RateLimiter(options.rateLimits ?? 'slack'),
      baseUrl: () => this.base,
      openSocket: (client) => this.sockets.issueUrl(client),
    });
    const routes = controlRoutes(this, () => startLine(this));
    this.server = createHttpServer({
      api: (req, res, method, client) => api.handle(req, res, method, client),
      control: (req, res, path) =>
        serveControl(routes, req, res, path, {
          name: (id) => (id === seed.bot.botId ? seed.bot.name : findPerson(seed, id)?.name),
          respond: (id, body) => this.responses.respond(id, body),
        }),
      upgrade: (req, socket, head) => this.sockets.handleUpgrade(req, socket, head, (client) => this.clients.isCut(client)),
      pages,
      clients: this.clients,
    });
  }

  /** Every change becomes a Socket Mode event (for channels the bot is in) and, with a data file, a save. */
  private followChanges(seed: WorkspaceSeed, renderer: MessageRenderer, dataFile?: string): StateSaver | undefined {
    const store = this.store;
    const events = new EventBuilder(seed, renderer, (c) => store.channel(c).members.includes(seed.bot.userId), (c) => store.pinCount(c));
    store.on('change', (change) => {
      if (change.kind === 'reset') return this.sockets.clearPending();
      const payload = events.build(change);
      if (payload) this.sockets.deliver(payload);
    });
    if (!dataFile) return undefined;
    const saver = new StateSaver(dataFile, () => store.dump());
    store.on('change', () => saver.changed());
    return saver;
  }

  /** Starts listening; resolves once the port is known. */
  async listen(port: number, host: string): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', (error: NodeJS.ErrnoException) => {
        const hint = error.code === 'EADDRINUSE' ? `port ${port} is in use; pick another --port, or 0 for any free port` : error.message;
        reject(new ListenError(`The local Slack cannot listen on ${host}:${port}: ${hint}.`, { cause: error }));
      });
      this.server.listen(port, host, () => resolve());
    });
    const address = this.server.address() as AddressInfo;
    // Listening on every interface still means clients reach it on loopback.
    const reach = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
    this.base = `http://${reach.includes(':') ? `[${reach}]` : reach}:${address.port}/`;
  }

  get apiUrl(): string {
    return `${this.base}api/`;
  }

  get baseUrl(): string {
    return this.base;
  }

  async postAsUser(post: PostAsUser): Promise<{ ts: string }> {
    return this.people.post(post);
  }

  async reactAsUser(args: { user: string; name: string; timestamp: string; channel?: string }): Promise<void> {
    this.people.react(args);
  }

  async pinAsUser(args: { user: string; timestamp: string; channel?: string }): Promise<void> {
    this.people.pin(args);
  }

  async editAsUser(args: { user: string; ts: string; text: string; channel?: string }): Promise<void> {
    this.people.edit(args);
  }

  async clickAsUser(args: { user: string; ts: string; action_id: string; channel?: string }): Promise<boolean> {
    const channel = this.store.channel(this.people.channel(args.channel));
    const message = this.store.message(channel.id, args.ts) ?? fail('message_not_found');
    const id = this.people.user(args.user);
    const name = findPerson(this.seed, id)?.name ?? id;
    const responseUrl = this.responses.issue(this.base, channel.id, message.ts);
    const payload = blockActions({ seed: this.seed, renderer: this.internals.renderer, message, channelName: channel.name, user: { id, name }, actionId: args.action_id, responseUrl });
    return this.sockets.deliverInteractive(payload);
  }

  callLog(): CallLogEntry[] {
    return this.log.all();
  }

  setFaults(faults: Faults): void {
    this.faults.set(faults);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  dropSockets(): void {
    this.sockets.dropAll();
  }

  cutOff(client: string, ms?: number): void {
    this.clients.cutOff(client, ms);
    this.sockets.dropClient(client);
  }

  restore(client: string): void {
    this.clients.restore(client);
  }

  reset(): void {
    this.store.reset();
  }

  snapshot(channel?: string): unknown {
    return this.store.channel(channel ?? this.channel).messages.map((m) => this.internals.renderer.render(m, views.historyAllMetadata));
  }

  async close(): Promise<void> {
    this.sockets.close();
    this.clients.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await this.saver?.flush();
  }
}
