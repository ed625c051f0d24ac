import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startLocalSlack, type RunningLocalSlack } from '../emulator/index.js';
import { demoLayout, type DemoLayout } from './demo-layout.js';
import { prepareHost, startService, type PreparedHost } from './demo-host.js';
import { releaseLeftoverPins, type ReleasedPin } from './release-pins.js';
import { createSampleOrigin } from './sample-app.js';
import { stopService } from './service-process.js';
import { startSupervisedAgent, stopSupervisedAgents } from './supervised-agent.js';
import { waitForRoster } from './wait-for-roster.js';

/** The demo's local Slack runs Slack's rate tiers this many times faster; the agents know it. */
export const DEMO_RATE_SCALE = 20;

export interface DemoFleetOptions {
  hosts: number;
  /** The local Slack's port (0: any free one). */
  port: number;
  /** Keep everything here between runs; a temporary directory (removed at stop) otherwise. */
  dir?: string;
  /** How to start troupe itself (see `selfInvocation`). */
  self: string[];
  /** Progress, one line at a time. */
  log: (line: string) => void;
  /** How long to wait for every agent's roster entry. */
  readyTimeoutMs?: number;
}

export interface StopReport {
  releasedPins: ReleasedPin[];
}

/**
 * The demo fleet: a local Slack, the sample origin, and N hosts each with its own working tree,
 * state directory, configuration, sample service and agent under `troupe supervise`.
 */
export class DemoFleet {
  readonly hosts: PreparedHost[] = [];
  private readonly children: ChildProcess[] = [];
  private stopping: Promise<StopReport> | undefined;

  private constructor(
    readonly slack: RunningLocalSlack,
    readonly layout: DemoLayout,
    private readonly temporary: boolean,
    private readonly options: DemoFleetOptions,
  ) {}

  /** Starts everything; on failure, stops what was started and throws. */
  static async start(options: DemoFleetOptions): Promise<DemoFleet> {
    const dir = options.dir ? resolve(options.dir) : await mkdtemp(join(tmpdir(), 'troupe-demo-'));
    await mkdir(dir, { recursive: true });
    const layout = demoLayout(dir, options.hosts);
    const slack = await startLocalSlack({
      port: options.port,
      rateLimits: { scale: DEMO_RATE_SCALE },
      ...(options.dir ? { dataFile: layout.slackData } : {}),
    });
    const fleet = new DemoFleet(slack, layout, !options.dir, options);
    try {
      await fleet.startHosts();
    } catch (error) {
      await fleet.stop();
      throw error;
    }
    return fleet;
  }

  /** The channel page. */
  get pageUrl(): string {
    return this.slack.baseUrl;
  }

  private async startHosts(): Promise<void> {
    const { log, self } = this.options;
    if (!existsSync(this.layout.origin)) {
      log(`creating the sample service's origin repository (v1, v2 good; v3 fails its health check; v4 crashes at start)`);
      await createSampleOrigin(this.layout.origin);
    }
    for (const host of this.layout.hosts) {
      const prepared = await prepareHost(host, this.layout.origin, this.slack, DEMO_RATE_SCALE, self[0]);
      await startService(prepared, self[0]);
      this.hosts.push(prepared);
      log(`${host.name}: working tree ${host.appDir}, service on 127.0.0.1:${prepared.port}`);
    }
    for (const host of this.hosts) this.children.push(startSupervisedAgent(host, self));
    log(`starting ${this.hosts.length} agents under troupe supervise (logs: ${join(this.layout.dir, 'hosts', '<host>', 'agent.log')})`);
    await waitForRoster(this.slack, this.hosts, this.options.readyTimeoutMs ?? 60_000, this.children);
  }

  /** Stops agents, services and the local Slack; removes leftover pins; idempotent. */
  stop(): Promise<StopReport> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<StopReport> {
    await stopSupervisedAgents(this.children);
    await Promise.all(this.layout.hosts.map((host) => stopService(host.pidFile)));
    let releasedPins: ReleasedPin[] = [];
    try {
      releasedPins = await releaseLeftoverPins(this.slack.apiUrl, this.slack.botToken, this.slack.channel);
    } finally {
      await this.slack.close();
      if (this.temporary) await rm(this.layout.dir, { recursive: true, force: true });
    }
    return { releasedPins };
  }
}
