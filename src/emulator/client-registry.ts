import type { Socket } from 'node:net';

/** Reads the client's name from `X-Troupe-Client` (see api.ts); `anonymous` without one. */
export function clientName(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  const name = value?.trim().slice(0, 200);
  return name ? name : 'anonymous';
}

/** Which clients are cut off, and the sockets their requests are in flight on. */
export class ClientRegistry {
  private readonly cut = new Map<string, NodeJS.Timeout | true>();
  private readonly inFlight = new Map<string, Set<Socket>>();

  isCut(client: string): boolean {
    return this.cut.has(client);
  }

  cutOff(client: string, ms?: number): void {
    this.restore(client);
    const timer = ms !== undefined ? setTimeout(() => this.cut.delete(client), ms) : true;
    if (timer !== true) timer.unref();
    this.cut.set(client, timer);
    for (const socket of this.inFlight.get(client) ?? []) socket.destroy();
  }

  restore(client: string): void {
    const timer = this.cut.get(client);
    if (timer && timer !== true) clearTimeout(timer);
    this.cut.delete(client);
  }

  /** Tracks one request's socket until it is answered. */
  track(client: string, socket: Socket): () => void {
    let sockets = this.inFlight.get(client);
    if (!sockets) this.inFlight.set(client, (sockets = new Set()));
    sockets.add(socket);
    return () => {
      sockets.delete(socket);
      if (sockets.size === 0) this.inFlight.delete(client);
    };
  }

  clear(): void {
    for (const client of [...this.cut.keys()]) this.restore(client);
  }
}
