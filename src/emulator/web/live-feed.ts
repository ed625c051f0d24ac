import type { ServerResponse } from 'node:http';
import type { StoreChange } from '../model.js';
import type { Store } from '../store.js';
import { pageEvent } from './page-events.js';

/** Seconds between keep-alive comments, so idle proxies and browsers keep the stream open. */
const KEEP_ALIVE_MS = 15_000;

/**
 * The channel page's live updates: Server-Sent Events that follow the store's change feed. One
 * subscription to the store fans out to every open page, so many tabs add no store listeners.
 */
export class LiveFeed {
  private readonly clients = new Set<ServerResponse>();
  private keepAlive: NodeJS.Timeout | undefined;

  constructor(private readonly store: Store) {
    store.on('change', (change) => this.broadcast(change));
  }

  /**
   * Opens an event stream on `res`, starting with the whole channel (`event: state`) so that the
   * page never misses a change between loading and listening; it ends when the browser goes away
   * or the server closes.
   */
  open(res: ServerResponse, state: unknown): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    res.write(`retry: 1000\nevent: state\ndata: ${JSON.stringify(state)}\n\n`);
    this.clients.add(res);
    res.on('close', () => this.forget(res));
    this.keepAlive ??= setInterval(() => this.send(': keep-alive\n\n'), KEEP_ALIVE_MS).unref();
  }

  get size(): number {
    return this.clients.size;
  }

  private broadcast(change: StoreChange): void {
    if (this.clients.size === 0) return;
    this.send(`data: ${JSON.stringify(pageEvent(this.store, change))}\n\n`);
  }

  private send(frame: string): void {
    for (const client of this.clients) if (!client.writableEnded) client.write(frame);
  }

  private forget(res: ServerResponse): void {
    this.clients.delete(res);
    if (this.clients.size === 0 && this.keepAlive) {
      clearInterval(this.keepAlive);
      this.keepAlive = undefined;
    }
  }
}
