/**
 * The contract of the local Slack for everything that drives it: tests, the demo, benchmarks
 * and chaos. Agent code never imports the emulator; it only gets `apiUrl`.
 *
 * Client identity: every Web API request may carry the header `X-Troupe-Client: <name>`
 * (troupe's agents send their host name). A Socket Mode connection inherits the name of the
 * `apps.connections.open` call that opened it. Faults and the call log use that name.
 */

/** Rate limiting: Slack's tiers (`slack`), none (`off`), or Slack's tiers scaled (`{ scale: 10 }` = 10x the allowance). */
export type RateLimitMode = 'slack' | 'off' | { scale: number };

export interface LocalSlackOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  rateLimits?: RateLimitMode;
  /** Replaces the default workspace (team, #ops, bot, alice, mallory). */
  seed?: WorkspaceSeed;
  /** Persist state here (atomic writes); in memory when absent. */
  dataFile?: string;
  /** Socket Mode: an envelope not acked within this is redelivered (default 3000). */
  ackTimeoutMs?: number;
  /** Socket Mode: connections get `warning` then `refresh_requested` after this (default 4 h). */
  connectionLifetimeMs?: number;
  /** Socket Mode: the server pings every connection this often and drops one that missed a pong (default 10 s). */
  pingIntervalMs?: number;
}

export interface WorkspaceSeed {
  team: { id: string; name: string; domain: string };
  channels: { id: string; name: string; members: string[] }[];
  bot: { userId: string; botId: string; appId: string; name: string; botToken: string; appToken: string; scopes: string[] };
  users: { id: string; name: string; realName?: string; isBot?: boolean }[];
  /** User groups (`S…`), for usergroups.list and usergroups.users.list. */
  usergroups?: { id: string; handle: string; name?: string; users: string[] }[];
}

export interface PostAsUser {
  /** A user id or a seeded user name (`alice`). */
  user: string;
  text: string;
  /** Channel id or name; default: the first seeded channel (#ops). */
  channel?: string;
  thread_ts?: string;
}

export interface CallLogEntry {
  method: string;
  /** `X-Troupe-Client` of the request, or `anonymous`. */
  client: string;
  /** Milliseconds since the epoch. */
  time: number;
  /** HTTP status sent (200 also for `ok:false`). */
  status: number;
  /** `ok:false` error, if any. */
  error?: string;
  rateLimited: boolean;
  /** conversations.replies: the thread it read (its `ts` argument). */
  thread?: string;
}

export interface Faults {
  /** Added to every Web API response. */
  latencyMs?: number;
  /** The next `count` calls (of `methods`, or all) fail: HTTP 500/503, or HTTP 200 with `ok:false, error:'internal_error'`. */
  errorBurst?: { count: number; kind: 'http5xx' | 'ok_false'; methods?: string[] };
  /** For `seconds`, every call (of `methods`, or all) gets 429 with `Retry-After`. */
  rateLimitStorm?: { seconds: number; retryAfter?: number; methods?: string[] };
}

export interface LocalSlack {
  /** For `slackApiUrl`: `http://127.0.0.1:PORT/api/`. */
  readonly apiUrl: string;
  /** Where the channel web page and the control surface are served: `http://127.0.0.1:PORT/`. */
  readonly baseUrl: string;
  readonly botToken: string;
  readonly appToken: string;
  /** Id of #ops (the first seeded channel). */
  readonly channel: string;
  readonly team: string;
  /** Seeded user ids by name: `alice`, `mallory`, and the bot as `bot`. */
  readonly users: Record<string, string>;

  /** Posts a message as a person, like typing it in Slack; events go out as for a real post. */
  postAsUser(post: PostAsUser): Promise<{ ts: string }>;
  /** Adds a reaction as a person. */
  reactAsUser(args: { user: string; name: string; timestamp: string; channel?: string }): Promise<void>;
  /** Pins a message as a person (a pin with no claim). */
  pinAsUser(args: { user: string; timestamp: string; channel?: string }): Promise<void>;
  /** Edits a message as its author (a person). */
  editAsUser(args: { user: string; ts: string; text: string; channel?: string }): Promise<void>;
  /**
   * Clicks a button (`action_id`) in a message's `actions` block as a person: the app gets an
   * `interactive` `block_actions` envelope on one random connection (not retried, as in Slack).
   * Resolves false when no connection was open to take it.
   */
  clickAsUser?(args: { user: string; ts: string; action_id: string; channel?: string }): Promise<boolean>;
  /** Every Web API call so far, oldest first. */
  callLog(): CallLogEntry[];
  /** Sets faults; fields left out keep their value, `{}` clears nothing, `clearFaults` clears all. */
  setFaults(faults: Faults): void;
  clearFaults(): void;
  /** Closes every open Socket Mode connection (abruptly, no disconnect frame). */
  dropSockets(): void;
  /** Cuts one client off for `ms` (or until `restore`): its requests get no answer (the socket is destroyed) and its WebSockets are closed. */
  cutOff(client: string, ms?: number): void;
  restore(client: string): void;
  /** Wipes all messages, pins and reactions; keeps the workspace seed. */
  reset(): void;
  /** Messages of a channel, including thread replies, for assertions (not rate limited, not logged). */
  snapshot(channel?: string): unknown;
  close(): Promise<void>;
}

/*
 * The same control surface over HTTP, for other processes (the demo, the web page, the CLI's
 * `--local` helpers), on paths Slack never uses:
 *   POST /_local/post      PostAsUser                         -> { ok, ts }
 *   POST /_local/react     { user, name, timestamp, channel? } -> { ok }
 *   POST /_local/pin       { user, timestamp, channel? }       -> { ok }
 *   POST /_local/edit      { user, ts, text, channel? }        -> { ok }
 *   POST /_local/click     { user, ts, action_id, channel? }   -> { ok, delivered }
 *   GET  /_local/log                                           -> { ok, calls: CallLogEntry[] }
 *   POST /_local/faults    Faults                              -> { ok }
 *   POST /_local/faults/clear                                  -> { ok }
 *   POST /_local/drop-sockets                                  -> { ok }
 *   POST /_local/cut-off   { client, ms? }                     -> { ok }
 *   POST /_local/restore   { client }                          -> { ok }
 *   POST /_local/reset                                         -> { ok }
 *   GET  /_local/info      -> the `--json` start line: { apiUrl, botToken, appToken, channel, team, users }
 *   GET  /_local/snapshot  -> { ok, messages } (snapshot() of the first channel)
 */
