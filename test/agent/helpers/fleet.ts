import { execa, type ResultPromise } from 'execa';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RateLimitMode } from '../../../src/emulator/api.js';
import { startLocalSlack, type RunningLocalSlack } from '../../../src/emulator/index.js';
import { defaultSeed } from '../../../src/emulator/seed.js';

export const root = fileURLToPath(new URL('../../..', import.meta.url));

/** The newest modification time of any file under `dir`. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * How to start `troupe agent`: the built binary when it is newer than every source file (as after
 * `npm run build`, which `npm test` runs first: it starts faster), else the sources through tsx.
 */
export const agentCommand: string[] = (() => {
  const built = join(root, 'dist', 'cli.js');
  if (existsSync(built) && statSync(built).mtimeMs >= newestMtime(join(root, 'src'))) return [join(root, 'bin', 'troupe.js'), 'agent'];
  return ['--import', 'tsx', 'src/cli.ts', 'agent'];
})();

/** A message as the local Slack's snapshot shows it. */
export interface SnapshotMessage {
  ts: string;
  text?: string;
  user?: string;
  thread_ts?: string;
  reactions?: { name: string; users: string[]; count: number }[];
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
  pinned_to?: string[];
}

export interface AgentProcess {
  host: string;
  config: string;
  stateDir: string;
  child: ResultPromise;
  /** Everything the process wrote so far (stdout and stderr). */
  log: () => string;
}

export interface FleetOptions {
  hosts: string[];
  rateLimits?: RateLimitMode;
  /** YAML for `commands:` (indented under the key), given the fleet's temporary directory. */
  commands?: (dir: string) => string;
  /** The local Slack's Socket Mode redelivery timeout. */
  ackTimeoutMs?: number;
  /** Also seed a second channel, #dev (C0DEV00001), that the bot and alice are in. */
  devChannel?: boolean;
  /** Extra top-level YAML lines. */
  extra?: string;
  rateScale?: number;
  minPollMs?: number;
  socket?: boolean;
}

/** A local Slack and troupe agents running as real processes against it. */
export class Fleet {
  readonly slack: RunningLocalSlack;
  readonly dir: string;
  readonly agents = new Map<string, AgentProcess>();
  readonly #options: FleetOptions;
  readonly #logs: string[] = [];

  private constructor(slack: RunningLocalSlack, dir: string, options: FleetOptions) {
    this.slack = slack;
    this.dir = dir;
    this.#options = options;
  }

  static async start(options: FleetOptions, rosterTimeoutMs = 60_000): Promise<Fleet> {
    const seed = defaultSeed();
    if (options.devChannel) seed.channels.push({ id: 'C0DEV00001', name: 'dev', members: [seed.bot.userId, ...seed.users.map((u) => u.id)] });
    const slack = await startLocalSlack({ rateLimits: options.rateLimits ?? 'off', ackTimeoutMs: options.ackTimeoutMs, seed });
    const fleet = new Fleet(slack, mkdtempSync(join(tmpdir(), 'troupe-agent-test-')), options);
    for (const host of options.hosts) fleet.spawn(host);
    await fleet.waitForRoster(options.hosts, rosterTimeoutMs);
    return fleet;
  }

  configFor(host: string): { config: string; stateDir: string } {
    const o = this.#options;
    const stateDir = join(this.dir, host, 'state');
    mkdirSync(join(this.dir, host), { recursive: true });
    const config = join(this.dir, host, 'agent.yaml');
    const lines = [
      `channel: ${this.slack.channel}`,
      `host: ${host}`,
      `operators: [${this.slack.users.alice}]`,
      `stateDir: ${stateDir}`,
      `commands:`,
      o.commands?.(this.dir) ?? `  uptime:\n    argv: [uptime]`,
      `slack:`,
      `  rateScale: ${o.rateScale ?? 20}`,
      `  minPollMs: ${o.minPollMs ?? 300}`,
      `  socket: ${o.socket ?? true}`,
      o.extra ?? '',
    ];
    writeFileSync(config, `${lines.join('\n')}\n`);
    return { config, stateDir };
  }

  spawn(host: string): AgentProcess {
    const { config, stateDir } = this.configFor(host);
    const child = execa(process.execPath, [...agentCommand, '--config', config], {
      cwd: root,
      reject: false,
      all: true,
      env: { SLACK_BOT_TOKEN: this.slack.botToken, SLACK_APP_TOKEN: this.slack.appToken, SLACK_API_URL: this.slack.apiUrl },
    });
    let text = '';
    child.all?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      this.#logs.push(chunk.toString());
    });
    const agent = { host, config, stateDir, child, log: () => text };
    this.agents.set(host, agent);
    return agent;
  }

  /** Everything every agent process wrote, in arrival order. */
  logs(): string {
    return this.#logs.join('');
  }

  messages(channel?: string): SnapshotMessage[] {
    return this.slack.snapshot(channel) as SnapshotMessage[];
  }

  /** Replies in the thread of `ts` (not the parent), oldest first. */
  replies(ts: string): SnapshotMessage[] {
    return this.messages().filter((m) => m.thread_ts === ts && m.ts !== ts);
  }

  /** Replies that carry a `troupe_output` record, by host. */
  outputs(ts: string): string[] {
    return this.replies(ts)
      .filter((m) => m.metadata?.event_type === 'troupe_output')
      .map((m) => String(m.metadata?.event_payload?.host));
  }

  async waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n--- agent logs ---\n${this.logs().slice(-4000)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Waits until each host has an `idle` roster reply edited after `since` (ms) or posted. */
  async waitForRoster(hosts: string[], timeoutMs = 40_000): Promise<void> {
    await this.waitFor(`roster entries of ${hosts.join(', ')}`, () => {
      const seen = new Set(
        this.messages()
          .filter((m) => m.metadata?.event_type === 'troupe_agent' && m.metadata.event_payload?.state === 'idle')
          .map((m) => String(m.metadata?.event_payload?.host)),
      );
      return hosts.every((h) => seen.has(h)) && hosts.every((h) => this.agents.get(h)?.log().includes('serving'));
    }, timeoutMs);
  }

  /** Stops every agent and the local Slack; throws if any token showed up in a log or a message. */
  async stopAll(): Promise<void> {
    for (const agent of this.agents.values()) agent.child.kill('SIGTERM');
    await Promise.all([...this.agents.values()].map((a) => a.child));
    const everything = `${this.logs()}\n${JSON.stringify(this.messages())}`;
    await this.slack.close();
    rmSync(this.dir, { recursive: true, force: true });
    for (const token of [this.slack.botToken, this.slack.appToken]) {
      if (everything.includes(token)) throw new Error('a Slack token appeared in an agent log or a message');
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
