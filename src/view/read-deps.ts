import { CallMeter } from './call-meter.js';
import type { ReadPorts } from './channel-reader.js';
import { resolveConnection, type ConnectionArgs, type Connection } from './connection.js';
import { createMeteredClient } from './metered-client.js';
import { DEFAULT_SHARE } from './tiers.js';

/** What a read command needs: the Slack ports, where to write, the clock and the width. */
export interface ReadDeps {
  slack: ReadPorts;
  channel: string;
  /** One JSON document or the table. */
  out: (text: string) => void;
  /** People's text: notes, hints. */
  err: (text: string) => void;
  /** Slack time now, in seconds. */
  now: () => number;
  /** Width for tables. */
  width: number;
}

/** Builds the dependencies from the flags and the environment: the one place a client is made. */
export function readDepsFromArgs(args: ConnectionArgs): ReadDeps & { connection: Connection } {
  const connection = resolveConnection(args);
  const slack = createMeteredClient({ token: connection.token, apiUrl: connection.apiUrl, meter: new CallMeter(DEFAULT_SHARE, connection.rateScale), clientName: 'troupe-cli' });
  return {
    connection,
    slack,
    channel: connection.channel,
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    now: () => Date.now() / 1000,
    width: process.stdout.isTTY ? process.stdout.columns || 100 : 160,
  };
}
