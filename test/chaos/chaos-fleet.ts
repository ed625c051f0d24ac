import { execa, type ResultPromise } from 'execa';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleGit } from 'simple-git';
import { createSampleOrigin, type SampleOrigin } from '../../src/demo/sample-app.js';
import { startLocalSlack, type RunningLocalSlack } from '../../src/emulator/index.js';
import type { CallLogEntry, LocalSlackOptions } from '../../src/emulator/api.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin', 'troupe.js');
const mark = fileURLToPath(new URL('fixtures/mark.mjs', import.meta.url));
const note = fileURLToPath(new URL('fixtures/note.mjs', import.meta.url));

/** Timing of the chaos hosts: short leases so that a run takes seconds, not minutes. */
export const LEASE_S = 6;
export const HOLD_MS = 400;

export interface ChaosHost {
  name: string;
  repoDir: string;
  stateDir: string;
  config: string;
  process?: ResultPromise;
  output: string[];
}

/**
 * A local Slack (persisted to a data file, so it can be restarted), a sample origin, and agent
 * processes (the built `troupe agent`) in managed-service mode: the build step is the critical
 * section marker, the remote command `note` records each execution.
 */
export class ChaosFleet {
  readonly hosts: ChaosHost[] = [];
  readonly timeline: string;
  readonly executions: string;
  #slack: RunningLocalSlack;
  /** Calls logged by local Slacks stopped by `restartSlack`. */
  readonly #pastCalls: CallLogEntry[] = [];
  readonly #options: LocalSlackOptions;
  #restarting: Promise<void> = Promise.resolve();

  private constructor(slack: RunningLocalSlack, options: LocalSlackOptions, readonly origin: SampleOrigin, readonly dir: string) {
    this.#slack = slack;
    this.#options = options;
    this.timeline = join(dir, 'timeline.log');
    this.executions = join(dir, 'executions.log');
  }

  static async create(dir: string, hosts: number, ackTimeoutMs: number): Promise<ChaosFleet> {
    const options: LocalSlackOptions = { rateLimits: { scale: 20 }, dataFile: join(dir, 'slack.json'), ackTimeoutMs };
    const slack = await listenBelowEphemeral(options);
    const fleet = new ChaosFleet(slack, options, await createSampleOrigin(join(dir, 'origin.git')), dir);
    await writeFile(fleet.timeline, '');
    await writeFile(fleet.executions, '');
    for (let i = 1; i <= hosts; i += 1) await fleet.#add(`web-${i}`);
    return fleet;
  }

  get slack(): RunningLocalSlack {
    return this.#slack;
  }

  async #add(name: string): Promise<void> {
    const repoDir = join(this.dir, name);
    const stateDir = join(this.dir, `${name}-state`);
    await simpleGit().raw(['clone', '--quiet', this.origin.originDir, repoDir]);
    await simpleGit({ baseDir: repoDir }).raw(['checkout', '--quiet', '--detach', 'v1']);
    await mkdir(stateDir, { recursive: true });
    const node = JSON.stringify(process.execPath);
    const config = join(this.dir, `${name}.yaml`);
    await writeFile(config, [
      `channel: ${this.#slack.channel}`,
      `host: ${name}`,
      `operators: [${this.#slack.users.alice}]`,
      `stateDir: ${stateDir}`,
      `lease: ${LEASE_S}`,
      'commands:',
      `  note: { argv: [${node}, ${JSON.stringify(note)}, ${name}, ${JSON.stringify(this.executions)}], args: [{ name: id, pattern: '^[a-z0-9-]+$' }], timeout: 10 }`,
      'app:',
      `  dir: ${repoDir}`,
      '  branch: main',
      `  build: [{ argv: [${node}, ${JSON.stringify(mark)}, ${name}, ${JSON.stringify(this.timeline)}, '${HOLD_MS}'], timeout: 20 }]`,
      "  restart: { argv: ['true'] }",
      '  soak: 1',
      '  healthDeadline: 10',
      '  healthInterval: 0.2',
      'rollout: { lockDelay: 1, grace: 4, backoff: 3, fastPoll: 0.4, slowPoll: 1.5 }',
      'slack: { rateScale: 20, minPollMs: 300, socket: true }',
      '',
    ].join('\n'));
    this.hosts.push({ name, repoDir, stateDir, config, output: [] });
  }

  host(name: string): ChaosHost {
    const host = this.hosts.find((h) => h.name === name);
    if (!host) throw new Error(`no chaos host ${name}`);
    return host;
  }

  /** Starts the host's agent unless it is running (one agent per host and state directory). */
  start(name: string): void {
    const host = this.host(name);
    if (this.alive(name)) return;
    const env = { SLACK_BOT_TOKEN: this.#slack.botToken, SLACK_APP_TOKEN: this.#slack.appToken, SLACK_API_URL: this.#slack.apiUrl };
    host.process = execa(process.execPath, [bin, 'agent', '--config', host.config], { env, reject: false, all: true });
    host.process.all?.on('data', (chunk: Buffer) => {
      host.output.push(chunk.toString());
      if (host.output.length > 300) host.output.shift();
    });
  }

  kill(name: string): void {
    this.host(name).process?.kill('SIGKILL');
  }

  alive(name: string): boolean {
    const p = this.host(name).process;
    return p !== undefined && p.exitCode === null && p.signalCode === null;
  }

  /**
 * Stops the local Slack and starts it again on the same port from its data file. The port lies
 * below the range the system hands out to outgoing connections, so no client of this or another
 * run can be given it while the local Slack is down.
 */
  restartSlack(downMs: number): Promise<void> {
    // Two restarts of a schedule may overlap: the second waits for the first.
    this.#restarting = this.#restarting.then(() => this.#restartOnce(downMs));
    return this.#restarting;
  }

  async #restartOnce(downMs: number): Promise<void> {
    const port = Number(new URL(this.#slack.apiUrl).port);
    this.#pastCalls.push(...this.#slack.callLog());
    await this.#slack.close();
    await new Promise((resolve) => setTimeout(resolve, downMs));
    this.#slack = await startLocalSlack({ ...this.#options, port });
  }

  /** Every Web API call of the run, across restarts of the local Slack. */
  callLog(): CallLogEntry[] {
    return [...this.#pastCalls, ...this.#slack.callLog()];
  }

  async timelineLines(): Promise<string[]> {
    return (await readFile(this.timeline, 'utf8')).split('\n').filter(Boolean);
  }

  async executionLines(): Promise<string[]> {
    return (await readFile(this.executions, 'utf8')).split('\n').filter(Boolean);
  }

  async stop(): Promise<void> {
    for (const host of this.hosts) host.process?.kill('SIGKILL');
    await Promise.allSettled(this.hosts.map((h) => h.process));
    await this.#slack.close();
  }
}

/** Starts the local Slack on a free port in 20000–29999 (below Linux's ephemeral range, 32768 up). */
async function listenBelowEphemeral(options: LocalSlackOptions): Promise<RunningLocalSlack> {
  for (let attempt = 0; ; attempt += 1) {
    const port = 20_000 + Math.floor(Math.random() * 10_000);
    try {
      return await startLocalSlack({ ...options, port });
    } catch (error) {
      if (attempt >= 20 || (error as { code?: string }).code !== 'listen_failed') throw error;
    }
  }
}
