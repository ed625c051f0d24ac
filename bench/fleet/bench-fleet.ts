import { EventEmitter } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { simpleGit } from 'simple-git';
import { createLogger, type Logger } from '../../src/agent/logger.js';
import { runAgent } from '../../src/agent/run-agent.js';
import { createSampleOrigin, type SampleOrigin } from '../../src/demo/sample-app.js';
import { startLocalSlack, type RunningLocalSlack } from '../../src/emulator/index.js';
import type { RateLimitMode } from '../../src/emulator/api.js';

/** One host of a benchmark fleet: its working tree (cloned at v1) and state directory. */
export interface BenchHost {
  name: string;
  repoDir: string;
  stateDir: string;
  config: string;
  /** The last lines the host logged (for a failure report). */
  log: string[];
  /** The agent said it serves the channel. */
  serving: boolean;
  /** Why the agent ended, if it did. */
  failure?: string;
}

export interface BenchFleetOptions {
  hosts: number;
  rateLimits?: RateLimitMode;
  /** Extra lines of the agents' configuration (YAML, top level). */
  extraConfig?: string[];
  /**
   * Each `git fetch` from the origin waits this long first, as over a network: git runs a wrapper
   * of git-upload-pack (`remote.origin.uploadpack`) that sleeps, then serves the fetch.
   */
  fetchDelayMs?: number;
}

export const hostName = (i: number): string => `host-${String(i + 1).padStart(2, '0')}`;

/**
 * A local Slack with Slack's rate tiers, a sample origin, and `hosts` working trees cloned at v1.
 * Agents run in this process (`startAgents`): each has its own configuration, journal, Web API
 * client and Socket Mode connection, identified by its host name; they share one event loop.
 */
export class BenchFleet {
  readonly hosts: BenchHost[] = [];
  readonly #stops: EventEmitter[] = [];
  readonly #running: Promise<number>[] = [];

  private constructor(readonly slack: RunningLocalSlack, readonly origin: SampleOrigin, readonly dir: string) {}

  static async create(options: BenchFleetOptions): Promise<BenchFleet> {
    const dir = await mkdtemp(join(tmpdir(), 'troupe-bench-'));
    const slack = await startLocalSlack({ rateLimits: options.rateLimits ?? 'slack' });
    const fleet = new BenchFleet(slack, await createSampleOrigin(join(dir, 'origin.git')), dir);
    for (let i = 0; i < options.hosts; i += 1) await fleet.#addHost(hostName(i), options.extraConfig ?? []);
    if (options.fetchDelayMs) await fleet.#delayFetches(options.fetchDelayMs);
    return fleet;
  }

  async #delayFetches(ms: number): Promise<void> {
    const wrapper = join(this.dir, 'slow-upload-pack.sh');
    await writeFile(wrapper, `#!/bin/sh\nsleep ${(ms / 1000).toFixed(3)}\nexec git-upload-pack "$@"\n`, { mode: 0o755 });
    // simple-git refuses to set upload-pack (a command git runs): git itself sets it.
    for (const host of this.hosts) await execa('git', ['config', 'remote.origin.uploadpack', wrapper], { cwd: host.repoDir });
  }

  async #addHost(name: string, extra: string[]): Promise<void> {
    const repoDir = join(this.dir, name);
    const stateDir = join(this.dir, `${name}-state`);
    await simpleGit().raw(['clone', '--quiet', this.origin.originDir, repoDir]);
    await simpleGit({ baseDir: repoDir }).raw(['checkout', '--quiet', '--detach', 'v1']);
    await mkdir(stateDir, { recursive: true });
    const noop = "['true']";
    const config = join(this.dir, `${name}.yaml`);
    await writeFile(config, [
      `channel: ${this.slack.channel}`,
      `host: ${name}`,
      `operators: [${this.slack.users.alice}]`,
      `stateDir: ${stateDir}`,
      'app:',
      `  dir: ${repoDir}`,
      '  branch: main',
      `  build: [{ argv: ${noop} }]`,
      `  restart: { argv: ${noop} }`,
      ...extra,
      '',
    ].join('\n'));
    this.hosts.push({ name, repoDir, stateDir, config, log: [], serving: false });
  }

  /** Starts one in-process agent per host, a second apart; resolves once all serve. */
  async startAgents(): Promise<void> {
    for (const host of this.hosts) {
      this.#startAgent(host);
      // Hosts boot one after the other, as a fleet does: roster joins are posts (about 1 a second per channel).
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    await this.waitFor('every agent serving', () => this.hosts.every((h) => h.serving), 300_000);
  }

  /** Agents started again after a failed start (as systemd's Restart= would), by host. */
  readonly restarts: Record<string, number> = {};

  #startAgent(host: BenchHost): void {
    const signals = new EventEmitter();
    const env = { SLACK_BOT_TOKEN: this.slack.botToken, SLACK_APP_TOKEN: this.slack.appToken, SLACK_API_URL: this.slack.apiUrl };
    this.#stops.push(signals);
    const running = runAgent({ config: host.config }, { env, logger: bufferLogger(host), signals }).catch((error: unknown) => {
      host.failure = String(error);
      if (this.#stopping || host.serving || (this.restarts[host.name] ?? 0) >= 5) return 1;
      this.restarts[host.name] = (this.restarts[host.name] ?? 0) + 1;
      setTimeout(() => this.#startAgent(host), 5000);
      return 1;
    });
    this.#running.push(running);
  }

  /** Host names with a roster reply. */
  rosterHosts(): string[] {
    const names = new Set<string>();
    for (const m of this.messages()) {
      const host = m.metadata?.event_type === 'troupe_agent' ? m.metadata.event_payload?.host : undefined;
      if (typeof host === 'string') names.add(host);
    }
    return [...names];
  }

  messages(): SnapshotMessage[] {
    return this.slack.snapshot() as SnapshotMessage[];
  }

  async waitFor(what: string, probe: () => boolean, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!probe()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${this.hosts.map((h) => h.log.filter((l) => !/rate limit/.test(l)).slice(-5).join('')).join("")}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  #stopping = false;

  async stop(): Promise<void> {
    this.#stopping = true;
    for (const signals of this.#stops) signals.emit('SIGTERM', 'SIGTERM');
    await Promise.race([Promise.allSettled(this.#running), new Promise((resolve) => setTimeout(resolve, 30_000))]);
    await this.slack.close();
    await rm(this.dir, { recursive: true, force: true });
  }
}

export interface SnapshotMessage {
  ts: string;
  text?: string;
  user?: string;
  thread_ts?: string;
  pinned_to?: string[];
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

function bufferLogger(host: BenchHost): Logger {
  return createLogger(host.name, (line) => {
    host.log.push(line);
    if (line.includes(' serving ')) host.serving = true;
    if (host.log.length > 200) host.log.shift();
  });
}
