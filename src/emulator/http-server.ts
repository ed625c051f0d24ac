import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ClientRegistry } from './client-registry.js';
import { clientName } from './client-registry.js';
import { redact } from '../util/redact.js';

/** Extra pages served next to the API (the channel web page plugs in here): return true when handled. */
export type PageHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean | Promise<boolean>;

export interface HttpHandlers {
  api: (req: IncomingMessage, res: ServerResponse, method: string, client: string) => Promise<void>;
  control: (req: IncomingMessage, res: ServerResponse, path: string) => Promise<void>;
  upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
  pages: PageHandler[];
  clients: ClientRegistry;
}

/** One HTTP server: `/api/<method>`, `/_local/…`, the Socket Mode upgrade on `/link/`, then pages. */
export function createHttpServer(handlers: HttpHandlers): Server {
  const server = createServer((req, res) => {
    route(req, res, handlers).catch((error: unknown) => {
      process.stderr.write(`${redact(`local Slack: ${req.url}: ${error instanceof Error ? error.message : String(error)}`)}\n`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end();
    });
  });
  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    if (path === '/link/' || path === '/link') handlers.upgrade(req, socket, head);
    else socket.destroy();
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });
  return server;
}

async function route(req: IncomingMessage, res: ServerResponse, handlers: HttpHandlers): Promise<void> {
  const client = clientName(req.headers['x-troupe-client']);
  const url = new URL(req.url ?? '/', 'http://local');
  if (url.pathname.startsWith('/api/')) {
    // A cut-off client sees what a network partition looks like: no answer, a dead socket.
    if (handlers.clients.isCut(client)) {
      req.socket.destroy();
      return;
    }
    const done = handlers.clients.track(client, req.socket);
    try {
      await handlers.api(req, res, url.pathname.slice('/api/'.length), client);
    } finally {
      done();
    }
    return;
  }
  if (url.pathname.startsWith('/_local/')) return handlers.control(req, res, url.pathname);
  for (const page of handlers.pages) if (await page(req, res, url)) return;
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
  res.end('Not found. The Web API is under /api/<method>, the control surface under /_local/.\n');
}
