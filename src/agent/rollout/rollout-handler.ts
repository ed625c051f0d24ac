import { simpleGit } from 'simple-git';
import type { DeployControl } from '../../protocol/command.js';
import { SlackClock, slackPorts, systemClock } from '../../slackmq/index.js';
import { createLockSlack } from '../slack-client.js';
import { fetchRemote } from '../executor/index.js';
import { FetchAhead } from './fetch-ahead.js';
import { PostPacer } from './post-pacer.js';
import type { AgentServices, DeployHandler, DeployHandlerFactory, DeployRequest } from '../deploy-handler.js';
import { liveHosts } from '../fleet-view.js';
import { describe } from '../thread.js';
import { dryRunText } from './dry-run.js';
import type { LockSettings } from './held-lease.js';
import { savedLock } from './held-lease.js';
import { resumeTurn, takeTurn, type ClaimAction, type DueCheck, type TurnDeps, type TurnEnd } from './host-turn.js';
import { readFleet } from './read-fleet.js';
import { RolloutRunner } from './rollout-runner.js';
import { replyOnce, RolloutThread, type Reply } from './rollout-thread.js';
import { SlackNow } from './slack-now.js';
import { relaySteer } from './steer.js';
import { unlockInChannel, type UnlockPorts } from './unlock.js';
import { promoteByButton } from './reaction-promote.js';
import { PROMOTE_ACTION } from './turn-records.js';
import type { BlockAction } from '../socket-hints.js';

const ROLLOUTS = 'rollouts';
const REMEMBERED = 10;
/** Between two places in the order of hosts that answer a command once for the fleet. */
const ANSWER_STEP_MS = 3000;
/** How long a runner keeps looking after a steering command, even if the rollout rests. */
const STEER_WATCH_MS = 20_000;

/**
 * The agent's deployments (DESIGN §5–§6): one runner per rollout this host knows, at most one
 * turn (a host update) at a time, steering commands relayed into the rollout's thread.
 */
export class RolloutHandler implements DeployHandler {
  readonly #services: AgentServices;
  readonly #clock = new SlackNow();
  readonly #abort = new AbortController();
  readonly #runners = new Map<string, RolloutRunner>();
  readonly #turnDeps: TurnDeps;
  #turn: Promise<void> | undefined;
  /** A self-update asked for the restart: this process takes no further step. */
  #restarting = false;
  /** One pace for this process's posts into the channel (records, and the turn's claim and release). */
  readonly #pacer = new PostPacer();
  #trustedAuthor: string | undefined;
  readonly #lockPorts: UnlockPorts;

  constructor(services: AgentServices) {
    this.#services = services;
    const { config } = services;
    const slackClock = new SlackClock(systemClock);
    const lockSlack = slackPorts(createLockSlack(config));
    const lockSettings = (leaseS: number): LockSettings => ({
      slack: lockSlack, channel: config.channel, host: config.host, leaseS,
      lockDelayS: config.rollout.lockDelay, graceS: config.rollout.grace, slackClock,
      onLost: (error) => services.logger.warn(`lost the rollout lock: ${error.message}`),
    });
    const fetchAhead = new FetchAhead(
      async () => {
        if (config.app) await fetchRemote({ repoDir: config.app.dir, remote: config.app.remote });
      },
      (error) => services.logger.info(`fetch ahead of this host's turn failed (its turn fetches again): ${describe(error)}`),
    );
    this.#turnDeps = {
      services, lockSettings, threadOf: (ts) => this.#thread(ts), pacer: this.#pacer,
      released: (ts, thread) => this.#runners.get(ts)?.seen(thread), fetchAhead,
    };
    this.#lockPorts = { ...lockSlack, channel: config.channel };
  }

  async resume(): Promise<void> {
    const { slack, config, journal } = this.#services;
    const auth = await slack.auth.test();
    this.#trustedAuthor = typeof auth.bot_id === 'string' ? auth.bot_id : undefined;
    if (config.app) {
      const head = await simpleGit({ baseDir: config.app.dir }).raw(['rev-parse', 'HEAD']).catch(() => '');
      if (head.trim()) this.#services.setRosterStatus({ sha: head.trim() });
    }
    if (savedLock(journal)) this.#runTurn(resumeTurn(this.#turnDeps));
    for (const ts of this.#remembered()) this.#runner(ts).start();
  }

  async handle(request: DeployRequest): Promise<void> {
    const { command } = request;
    if (command.kind === 'unlock') return this.#once(request, (reply) => unlockInChannel(command, request.user, this.#lockPorts, reply));
    switch (command.action) {
      case 'canary':
      case 'rolling':
        this.#remember(request.ts);
        this.#runner(request.ts).start();
        return;
      case 'plan':
        return this.#once(request, async (reply) => {
          const fleet = await readFleet(this.#services, this.#clock, this.#trustedAuthor);
          const fetch = async () => void (await this.#turnDeps.fetchAhead.forPlan());
          await reply.say(await dryRunText(this.#services.config, command.ref, fleet, request.user, fetch));
        });
      default:
        return this.#steer(command.action, request);
    }
  }

  /** The `Promote` button of a `canary healthy` message: an operator's click promotes, like `deploy promote`. */
  onBlockAction(action: BlockAction): void {
    if (action.actionId !== PROMOTE_ACTION || !/^\d+\.\d+$/.test(action.value)) return;
    void promoteByButton(action, this.#thread(action.value), this.#services.config.operators, this.#trustedAuthor)
      .then(() => this.#runner(action.value).start(STEER_WATCH_MS))
      .catch((error: unknown) => this.#services.logger.warn(`promote button: ${describe(error)}`));
  }

  /** A Socket Mode event in a thread: a hint for the runner of that rollout, if this host follows it. */
  onThreadActivity(threadTs: string): void {
    this.#runners.get(threadTs)?.hint();
  }

  following(): boolean {
    return [...this.#runners.values()].some((r) => r.running);
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#turn;
  }

  statusText(): string {
    const active = [...this.#runners.values()].filter((r) => r.running).map((r) => r.ts);
    return active.length > 0 ? `rollouts followed by ${this.#services.config.host}: ${active.join(', ')}` : '';
  }

  async #steer(control: DeployControl, request: DeployRequest): Promise<void> {
    const target = this.#remembered().at(-1);
    await this.#once(request, async (reply) => {
      if (!target) return void (await reply.say(`Not applied: \`deploy ${control}\`: no rollout is known to this fleet. Start one with \`deploy canary\` or \`deploy rolling\`.`));
      const { lockDelay, grace } = this.#services.config.rollout;
      await relaySteer(control, request, this.#thread(target), reply, { trustedAuthor: this.#trustedAuthor, timing: { lockDelayS: lockDelay, graceS: grace }, now: this.#clock.now() });
    });
    if (target) this.#runner(target).start(STEER_WATCH_MS);
  }

  /**
   * Answers a command once for the fleet: hosts take turns by name; a host answers only if nobody
   * has. Not a claim: a host that dies while answering must not leave the command unanswered
   * (a claimed message is never answered again), and a relayed steering record is idempotent.
   */
  async #once(request: DeployRequest, work: (reply: Reply) => Promise<void>): Promise<void> {
    const { config } = this.#services;
    // Every host must agree on the order: a fresh roster, not the heartbeat's view (which a host
    // that follows a rollout reads one beat in three).
    const fleet = await readFleet(this.#services, this.#clock, this.#trustedAuthor).catch(() => this.#services.fleet());
    const hosts = liveHosts(fleet).map((h) => h.host).sort();
    const place = Math.max(0, (hosts.includes(config.host) ? hosts : [...hosts, config.host]).indexOf(config.host));
    if (place > 2) return;
    // Places count from the command's own time, not from when this host found it: a host that
    // polled late must not answer alongside one that found the command first.
    const now = this.#clock.now();
    const waitMs = now > 0 ? (Number(request.ts) - now) * 1000 + place * ANSWER_STEP_MS : place * ANSWER_STEP_MS;
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
    const reply = replyOnce(this.#thread(request.ts));
    if (!(await reply.answered()) && !this.#abort.signal.aborted) await work(reply);
  }

  #runner(ts: string): RolloutRunner {
    let runner = this.#runners.get(ts);
    if (!runner) {
      runner = new RolloutRunner({
        services: this.#services, thread: this.#thread(ts), clock: this.#clock, trustedAuthor: this.#trustedAuthor,
        lockSettings: this.#turnDeps.lockSettings, busy: () => this.#turn !== undefined || this.#restarting,
        startTurn: (rollout, action, seenAt, due) => this.#startTurn(rollout, action, seenAt, due), signal: this.#abort.signal,
        fetches: this.#turnDeps.fetchAhead,
      });
      this.#runners.set(ts, runner);
    }
    return runner;
  }

  #startTurn(rollout: string, action: ClaimAction, seenAt: number, due?: DueCheck): void {
    this.#runTurn(takeTurn(rollout, action, this.#turnDeps, seenAt, due));
  }

  #runTurn(work: Promise<TurnEnd>): void {
    let held = false;
    this.#turn = work
      .then((end) => {
        this.#restarting ||= end === 'restarting';
        held = end === 'held';
      })
      .catch((error: unknown) => this.#services.logger.error(`deploy turn failed: ${describe(error)}`))
      .finally(() => {
        this.#turn = undefined;
        // A turn that found the lock held is tried again after a pause, not at once: the thread
        // does not show a pin waiting out its grace, and every retry costs a git fetch and reads.
        const pauseMs = held ? (this.#services.config.rollout.grace * 1000) / 4 : 0;
        for (const runner of this.#runners.values()) runner.wake(pauseMs);
      });
  }

  #thread(ts: string): RolloutThread {
    return new RolloutThread({ ...this.#services.reads, chat: this.#services.slack.chat }, this.#services.config.channel, ts, this.#clock, this.#pacer);
  }

  #remembered(): string[] {
    return this.#services.journal.section<string[]>(ROLLOUTS) ?? [];
  }

  #remember(ts: string): void {
    const list = [...new Set([...this.#remembered(), ts])].slice(-REMEMBERED);
    this.#services.journal.setSection(ROLLOUTS, list);
  }
}

export const createRolloutHandler: DeployHandlerFactory = (services) => new RolloutHandler(services);
