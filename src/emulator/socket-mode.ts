import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

export interface SocketModeOptions {
  appId: string;
  /** ws://host:port, without a trailing slash. */
  wsBase: () => string;
  ackTimeoutMs: number;
  connectionLifetimeMs: number;
  /** Slack allows 10 open connections per app. */
  maxConnections?: number;
  /** Server pings (Slack sends them; the client's watchdog then expects one at least every 30 s). */
  pingIntervalMs?: number;
  /** Events API retries: three, after the first delivery. */
  maxRetries?: number;
}

interface Connection {
  id: string;
  ws: WebSocket;
  client: string;
  timers: NodeJS.Timeout[];
  alive: boolean;
  /** Asked to refresh: gets no more envelopes and no longer counts against the cap. */
  draining: boolean;
}

interface Pending {
  envelopeId: string;
  payload: Record<string, unknown>;
  attempt: number;
  timer?: NodeJS.Timeout;
}

const HOST = 'applink-local';

/**
 * Socket Mode: one-time connection URLs, `hello`, `events_api` envelopes to ONE random open
 * connection, acks, redelivery of un-acked envelopes (`retry_attempt`, `retry_reason: "timeout"`),
 * the 10-connection cap (`too_many_websockets`), `warning` then `refresh_requested` at the end of a
 * connection's lifetime, and pings.
 */
export class SocketModeServer {
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 1024 * 1024 });
  private readonly tickets = new Map<string, { client: string; expires: number }>();
  private readonly connections = new Map<string, Connection>();
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly options: SocketModeOptions) {}

  /** For apps.connections.open: a URL valid for one connection within a minute. */
  issueUrl(client: string): string {
    const ticket = randomUUID();
    const now = Date.now();
    // Unused tickets expire; sweep them so a client that never connects cannot grow the map.
    if (this.tickets.size > 1000) for (const [key, value] of this.tickets) if (value.expires < now) this.tickets.delete(key);
    this.tickets.set(ticket, { client, expires: now + 60_000 });
    return `${this.options.wsBase()}/link/?ticket=${ticket}&app_id=${this.options.appId}`;
  }

  /** Takes over an HTTP upgrade on `/link/`; `refuse(client)` says whether that client is cut off. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, refuse: (client: string) => boolean): void {
    const url = new URL(req.url ?? '/', 'http://local');
    const ticket = this.tickets.get(url.searchParams.get('ticket') ?? '');
    this.tickets.delete(url.searchParams.get('ticket') ?? '');
    if (!ticket || ticket.expires < Date.now() || refuse(ticket.client)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      socket.destroy();
      return;
    }
    // Slack's `debug_reconnects=true` makes connections last 360 s, to exercise reconnects.
    const life = url.searchParams.get('debug_reconnects') === 'true' ? Math.min(360_000, this.options.connectionLifetimeMs) : this.options.connectionLifetimeMs;
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, ticket.client, life));
  }

  private accept(ws: WebSocket, client: string, life: number): void {
    if (this.live().length >= (this.options.maxConnections ?? 10)) {
      // A client that resets the refused connection must not take the server down.
      ws.on('error', () => ws.terminate());
      ws.send(JSON.stringify({ type: 'disconnect', reason: 'too_many_websockets', debug_info: { host: HOST } }), () => ws.close(1000));
      return;
    }
    const connection: Connection = { id: randomUUID(), ws, client, timers: [], alive: true, draining: false };
    this.connections.set(connection.id, connection);
    ws.on('message', (data) => this.onMessage(String(data)));
    ws.on('pong', () => (connection.alive = true));
    ws.on('close', () => this.forget(connection));
    ws.on('error', () => this.forget(connection));
    ws.send(JSON.stringify(this.hello(life)));
    this.schedule(connection, life);
  }

  private hello(life: number): Record<string, unknown> {
    return {
      type: 'hello',
      num_connections: this.live().length,
      debug_info: { host: HOST, build_number: 1, approximate_connection_time: Math.round(life / 1000) },
      connection_info: { app_id: this.options.appId },
    };
  }

  /** Warning about 10 s before the end of the lifetime, then refresh_requested and close. */
  private schedule(connection: Connection, life: number): void {
    const warnAt = Math.max(0, life - Math.min(10_000, life / 2));
    const disconnect = (reason: string) => sendIfOpen(connection.ws, JSON.stringify({ type: 'disconnect', reason, debug_info: { host: HOST } }));
    connection.timers.push(setTimeout(() => disconnect('warning'), warnAt));
    connection.timers.push(
      setTimeout(() => {
        connection.draining = true;
        disconnect('refresh_requested');
        connection.timers.push(setTimeout(() => connection.ws.terminate(), 2_000));
      }, life),
    );
    const ping = setInterval(() => {
      if (!connection.alive) return connection.ws.terminate();
      connection.alive = false;
      connection.ws.ping(`Ping from ${HOST}`);
    }, this.options.pingIntervalMs ?? 10_000);
    connection.timers.push(ping);
  }

  private forget(connection: Connection): void {
    for (const timer of connection.timers) clearTimeout(timer);
    this.connections.delete(connection.id);
  }

  private onMessage(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    const id = (message as { envelope_id?: unknown } | null)?.envelope_id;
    if (typeof id !== 'string') return;
    const entry = this.pending.get(id);
    if (entry?.timer) clearTimeout(entry.timer);
    this.pending.delete(id);
  }

  /** Sends an `event_callback` payload as an `events_api` envelope to one random connection. */
  deliver(payload: Record<string, unknown>): void {
    const entry: Pending = { envelopeId: randomUUID(), payload, attempt: 0 };
    this.pending.set(entry.envelopeId, entry);
    if (this.pending.size > 10_000) this.dropOldestPending();
    this.send(entry);
  }

  /**
   * Sends an `interactive` envelope (a button click) to one random connection. Slack does not
   * retry these: with no connection open the click is lost, as a person's click would fail.
   * Returns whether a connection took it.
   */
  deliverInteractive(payload: Record<string, unknown>): boolean {
    const open = this.live();
    const target = open[Math.floor(Math.random() * open.length)];
    if (!target) return false;
    sendIfOpen(target.ws, JSON.stringify({ envelope_id: randomUUID(), payload, type: 'interactive', accepts_response_payload: true }));
    return true;
  }

  /** Open connections that take envelopes. */
  private live(): Connection[] {
    return [...this.connections.values()].filter((c) => !c.draining);
  }

  private send(entry: Pending): void {
    const open = this.live();
    const target = open[Math.floor(Math.random() * open.length)];
    if (target) {
      sendIfOpen(
        target.ws,
        JSON.stringify({
          envelope_id: entry.envelopeId,
          payload: entry.payload,
          type: 'events_api',
          accepts_response_payload: false,
          retry_attempt: entry.attempt,
          retry_reason: entry.attempt === 0 ? '' : 'timeout',
        }),
      );
    }
    entry.timer = setTimeout(() => this.retry(entry), this.options.ackTimeoutMs);
    entry.timer.unref();
  }

  private retry(entry: Pending): void {
    if (!this.pending.has(entry.envelopeId)) return;
    if (entry.attempt >= (this.options.maxRetries ?? 3)) {
      this.pending.delete(entry.envelopeId);
      return;
    }
    entry.attempt += 1;
    this.send(entry);
  }

  private dropOldestPending(): void {
    const oldest = this.pending.values().next().value;
    if (!oldest) return;
    if (oldest.timer) clearTimeout(oldest.timer);
    this.pending.delete(oldest.envelopeId);
  }

  openConnections(): number {
    return this.live().length;
  }

  /** Forgets every envelope waiting for an ack (after a reset, old events are not redelivered). */
  clearPending(): void {
    for (const entry of this.pending.values()) if (entry.timer) clearTimeout(entry.timer);
    this.pending.clear();
  }

  /** Closes every connection abruptly (no close frame). */
  dropAll(): void {
    for (const connection of this.connections.values()) connection.ws.terminate();
  }

  dropClient(client: string): void {
    for (const connection of this.connections.values()) if (connection.client === client) connection.ws.terminate();
  }

  close(): void {
    this.dropAll();
    this.clearPending();
    this.wss.close();
  }
}

function sendIfOpen(ws: WebSocket, text: string): void {
  if (ws.readyState === ws.OPEN) ws.send(text);
}
