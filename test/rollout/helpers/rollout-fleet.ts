import { execa, type ResultPromise } from 'execa';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleGit } from 'simple-git';
import type { SampleOrigin, SampleVersion } from '../../../src/demo/sample-app.js';
import { startLocalSlack, type RunningLocalSlack } from '../../../src/emulator/index.js';
import { sampleHost, sampleOrigin, serviceVersion, stopService, tempDir, type SampleHost } from '../../helpers/origin.js';

export const root = fileURLToPath(new URL('../../..', import.meta.url));
const agentEntry = fileURLToPath(new URL('../fixtures/self-agent.ts', import.meta.url));

export interface Message {
  ts: string;
  text?: string;
  user?: string;
  thread_ts?: string;
  reactions?: { name: string; users: string[] }[];
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
  pinned_to?: string[];
}

export interface RolloutHost {
  name: string;
  sample: SampleHost;
  config: string;
  supervisor?: ResultPromise;
  output: string[];
}

export interface FleetSettings {
  hosts?: string[];
  /** Extra environment of every host (build delays, …). */
  env?: Record<string, string>;
  lease?: number;
  healthDeadline?: number;
  /** A managed service (started and restarted by the sample's restart.js) instead of self-update. */
  managed?: boolean;
}

/** A local Slack, a sample origin and self-updating agents on v1 under `troupe supervise`. */
export class RolloutFleet {
  readonly hosts = new Map<string, RolloutHost>();
  readonly timeline: string;

  private constructor(
    readonly slack: RunningLocalSlack,
    readonly origin: SampleOrigin,
    readonly dir: string,
    private readonly cleanup: () => Promise<void>,
    private readonly settings: FleetSettings,
  ) {
    this.timeline = join(dir, 'timeline.log');
    writeFileSync(this.timeline, '');
  }

  static async start(settings: FleetSettings = {}): Promise<RolloutFleet> {
    const tmp = await tempDir('troupe-rollout-');
    const slack = await startLocalSlack({ rateLimits: 'off' });
    const fleet = new RolloutFleet(slack, await sampleOrigin(tmp.dir), tmp.dir, tmp.cleanup, settings);
    for (const name of settings.hosts ?? ['web-1', 'web-2', 'web-3']) await fleet.add(name);
    for (const host of fleet.hosts.values()) fleet.startHost(host.name);
    // "serving" is logged once the agent reads the channel: a command posted earlier would be skipped.
    const ready = (h: RolloutHost) => fleet.roster(h.name)?.state === 'idle' && fleet.roster(h.name)?.sha && h.output.join('').includes('serving');
    await fleet.waitFor('every agent serving and idle in the roster', () => [...fleet.hosts.values()].every(ready), 150_000);
    return fleet;
  }

  async add(name: string, version: SampleVersion = 'v1'): Promise<void> {
    const sample = await sampleHost(this.dir, this.origin, name, version);
    await mkdir(sample.stateDir, { recursive: true });
    const s = this.settings;
    const config = join(this.dir, `${name}.yaml`);
    writeFileSync(config, [
      `channel: ${this.slack.channel}`,
      `host: ${name}`,
      `operators: [${this.slack.users.alice}]`,
      `stateDir: ${sample.stateDir}`,
      `lease: ${s.lease ?? 20}`,
      'app:',
      `  dir: ${sample.repoDir}`,
      '  branch: main',
      `  build: [{ argv: [${process.execPath}, build.js], timeout: 60 }]`,
      s.managed ? `  restart: { argv: [${process.execPath}, restart.js], timeout: 60 }` : '  restart: exit',
      `  health: { url: 'http://127.0.0.1:${sample.port}/health', timeout: 1 }`,
      '  soak: 1',
      `  healthDeadline: ${s.healthDeadline ?? 30}`,
      '  healthInterval: 0.2',
      'rollout: { lockDelay: 2, grace: 9, backoff: 3, fastPoll: 0.5, slowPoll: 2 }',
      'slack: { rateScale: 20, minPollMs: 300, socket: true }',
      '',
    ].join('\n'));
    this.hosts.set(name, { name, sample, config, output: [] });
    if (s.managed) await execa(process.execPath, ['restart.js'], { cwd: sample.repoDir, env: this.serviceEnv(sample) });
  }

  serviceEnv(sample: SampleHost): Record<string, string> {
    return { PORT: String(sample.port), SAMPLE_PIDFILE: sample.pidFile, SAMPLE_LOG: join(sample.stateDir, 'app.log'), STEP_LOG: sample.stepLog };
  }

  startHost(name: string): void {
    const host = this.get(name);
    const journal = join(host.sample.stateDir, 'update.json');
    host.supervisor = execa(process.execPath, [
      '--import', 'tsx', 'src/cli.ts', 'supervise', '--journal', journal, '--backoff-ms', '100', '--guard-interval-ms', '200',
      '--', process.execPath, '--import', 'tsx', agentEntry,
    ], {
      cwd: root,
      reject: false,
      all: true,
      env: {
        ...this.settings.env,
        SLACK_BOT_TOKEN: this.slack.botToken, SLACK_APP_TOKEN: this.slack.appToken, SLACK_API_URL: this.slack.apiUrl,
        TROUPE_CONFIG: host.config, TROUPE_HOST: name, APP_DIR: host.sample.repoDir, TIMELINE: this.timeline,
        ...this.serviceEnv(host.sample), ...(this.settings.managed ? { MANAGED: '1' } : {}),
      },
    });
    host.supervisor.all?.on('data', (chunk: Buffer) => host.output.push(chunk.toString()));
  }

  get(name: string): RolloutHost {
    const host = this.hosts.get(name);
    if (!host) throw new Error(`no host ${name}`);
    return host;
  }

  messages(): Message[] {
    return this.slack.snapshot() as Message[];
  }

  replies(ts: string): Message[] {
    return this.messages().filter((m) => m.thread_ts === ts && m.ts !== ts);
  }

  /** The records (event type without `troupe_`) of a thread, with their payloads. */
  records(ts: string): { ts: string; kind: string; payload: Record<string, unknown>; text?: string }[] {
    return this.replies(ts).flatMap((m) => (m.metadata?.event_type ? [{ ts: m.ts, kind: m.metadata.event_type.replace(/^troupe_/, ''), payload: m.metadata.event_payload ?? {}, text: m.text }] : []));
  }

  kinds(ts: string): string[] {
    return this.records(ts).map((r) => r.kind);
  }

  /** One host's roster record (the latest edit). */
  roster(name: string): Record<string, unknown> | undefined {
    return this.messages().filter((m) => m.metadata?.event_type === 'troupe_agent' && m.metadata.event_payload?.host === name).at(-1)?.metadata?.event_payload;
  }

  async command(text: string, user = 'alice'): Promise<string> {
    return (await this.slack.postAsUser({ user, text })).ts;
  }

  async head(name: string): Promise<string> {
    return (await simpleGit(this.get(name).sample.repoDir).raw(['rev-parse', 'HEAD'])).trim();
  }

  async version(name: string): Promise<string | undefined> {
    return (await serviceVersion(this.get(name).sample.port))?.version;
  }

  /** How many hosts were down at once at worst, from the timeline the hosts wrote. */
  maxDown(): number {
    const down = new Set<string>();
    let worst = 0;
    const names = [...this.hosts.keys()];
    for (const line of readFileSync(this.timeline, 'utf8').split('\n').filter(Boolean)) {
      const [what, host] = line.split(' ');
      if (!host || !names.includes(host)) continue;
      if (what === 'down') down.add(host);
      else down.delete(host);
      worst = Math.max(worst, down.size);
    }
    return worst;
  }

  /** Every agent process the hosts started (from the timeline). */
  agentPids(): number[] {
    return readFileSync(this.timeline, 'utf8').split('\n').filter((l) => l.startsWith('up ')).map((l) => Number(l.split(' ')[2]));
  }

  logs(): string {
    const channel = this.messages().filter((m) => m.metadata?.event_type !== 'troupe_agent').slice(-40).map((m) => `${m.ts} ${m.thread_ts ? '  ' : ''}${(m.text ?? '').split('\n')[0]}`);
    return [...[...this.hosts.values()].map((h) => `--- ${h.name}\n${h.output.join('').slice(-3000)}`), '--- channel', ...channel].join('\n');
  }

  async waitFor<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 180_000): Promise<NonNullable<T>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value) return value as NonNullable<T>;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${this.logs()}`);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }

  async stop(): Promise<void> {
    if (process.env.ROLLOUT_LOGS) writeFileSync(process.env.ROLLOUT_LOGS, this.logs());
    for (const host of this.hosts.values()) host.supervisor?.kill('SIGTERM');
    const exited = Promise.all([...this.hosts.values()].map((h) => h.supervisor));
    const late = await Promise.race([exited.then(() => false), new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 10_000))]);
    if (late) {
      // A host stuck in its update: its agents and supervisors are killed outright.
      for (const pid of this.agentPids()) killQuietly(pid);
      for (const host of this.hosts.values()) host.supervisor?.kill('SIGKILL');
      await exited;
    }
    for (const host of this.hosts.values()) await stopService(host.sample.pidFile);
    await this.slack.close();
    await this.cleanup();
  }
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
