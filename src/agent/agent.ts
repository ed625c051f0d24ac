import { randomUUID } from 'node:crypto';
import type { WebClient } from '@slack/web-api';
import { version } from '../version.js';
import type { AuditLog } from './audit-log.js';
import { CHANNEL_POLL_SHARE, idlePollIntervalMs, intervalWithinShare, TIER_PER_MINUTE } from './budget.js';
import type { ChannelMessage } from './channel-message.js';
import { isUnreadThread, readNewMessages } from './channel-reader.js';
import { MessageClaimer } from './claim-once.js';
import { CommandRouter } from './command-router.js';
import type { AgentConfig } from './config.js';
import type { AgentServices, DeployHandler, DeployHandlerFactory } from './deploy-handler.js';
import { firstStartCursor } from './first-start.js';
import { EMPTY_FLEET, liveHosts } from './fleet-view.js';
import type { Journal } from './journal.js';
import type { Logger } from './logger.js';
import { OperatorGroups } from './operator-groups.js';
import { Roster } from './roster.js';
import type { AgentState, AgentStatus } from './roster-record.js';
import type { ProcessRunner } from './run-process.js';
import { SocketHints } from './socket-hints.js';
import { identify } from './identify.js';
import { describe } from './thread.js';
import { isRateLimited, jitteredRetryMs, StoppedWhileStartingError, waitOut } from './wait-out.js';
import { Wakeup } from './wakeup.js';
import { patientReads } from './patient-reads.js';

export interface AgentDeps {
  config: AgentConfig;
  slack: WebClient;
  /** The channel poll's client, which throws a 429 back instead of retrying it (default: `slack`). */
  pollSlack?: WebClient;
  /** The locks' client, with no retries of its own (default: `slack`). */
  lockSlack?: WebClient;
  journal: Journal;
  audit: AuditLog;
  logger: Logger;
  runProcess: ProcessRunner;
  deployHandler?: DeployHandlerFactory;
}

/**
 * The part of each method's tier (limits are per method) the agent's own loops may spend; the rest
 * is left for lock reads and renewals and for rollouts: `conversations.replies` (reading the
 * roster), `chat.update` (heartbeats); `conversations.history` (polling the channel) takes
 * `CHANNEL_POLL_SHARE`, less while the host follows a rollout, more while idle for the first hosts
 * of the roster (`idleBonus`).
 */
const SHARE = { rosterRead: 0.3, heartbeat: 0.5 } as const;
/**
 * While the host follows a rollout its heartbeats read the roster one beat in this many (10 % of
 * `conversations.replies` instead of 30 %): the turns need that method, and the runner reads the
 * roster afresh before each plan and claim anyway. A view read fewer times is older, never wrong:
 * a host's staleness is judged at the read, and the beat still promises the interval it sleeps.
 */
const ROSTER_READ_EVERY_BEATS_FOLLOWING = 3;
/** How often a sleeping channel poll looks again at whether its interval changed. */
const POLL_RECHECK_MS = 5000;

/**
 * The host daemon (DESIGN §1, §3, §7–§9): joins the roster, reads the channel (socket events
 * wake it early; the history decides), routes commands, heartbeats, and stops gracefully.
 */
export class Agent {
  readonly #deps: AgentDeps;
  readonly #abort = new AbortController();
  readonly #wake = new Wakeup();
  readonly #started = Math.floor(Date.now() / 1000);
  readonly #agentId = randomUUID().slice(0, 8);
  #roster!: Roster;
  #router!: CommandRouter;
  #socket: SocketHints | undefined;
  #handler: DeployHandler | undefined;
  #state: AgentState = 'idle';
  #sha: string | undefined;
  #rollout: string | undefined;
  #stopping = false;
  #stopped: Promise<void> | undefined;
  #loops: Promise<void>[] = [];
  #restartReason: string | undefined;
  #rateLimitedUntil = 0;
  /** No channel poll before this (epoch ms): the last one was rate limited. */
  #pollNotBefore = 0;

  constructor(deps: AgentDeps) {
    this.#deps = deps;
  }

  /** Why the agent asked its supervisor for a restart, if it did. */
  get restartReason(): string | undefined {
    return this.#restartReason;
  }

  /** Called by the Slack client on a 429: every loop waits at least that long. */
  rateLimited(seconds: number): void {
    this.#rateLimitedUntil = Math.max(this.#rateLimitedUntil, Date.now() + seconds * 1000);
  }

  /**
   * Identifies, joins the roster and starts serving. A rate limit, a 5xx or an unreachable Slack
   * is waited out step by step (wait-out.ts); a refused token or a missing scope is thrown.
   * Resolves without serving when a stop comes while it waits.
   */
  async start(): Promise<void> {
    try {
      await this.#start();
    } catch (error) {
      if (!(error instanceof StoppedWhileStartingError)) throw error;
      this.#deps.logger.info(error.message);
    }
  }

  async #start(): Promise<void> {
    const { config, slack, logger, journal } = this.#deps;
    const { botUserId, botId } = await this.#step('identify the bot (auth.test)', () => identify(slack, config.file));
    const isOurs = (m: ChannelMessage) => (m.user !== undefined && m.user === botUserId) || (botId !== '' && m.bot_id === botId);
    this.#roster = new Roster(slack, { channel: config.channel, botId, isOurs, journal, logger });
    const claimer = new MessageClaimer(slack, { channel: config.channel, host: config.host, leaseS: config.lease, lockSlack: this.#deps.lockSlack });
    this.#handler = this.#deps.deployHandler?.(this.#services(botUserId));
    this.#router = new CommandRouter({
      ...this.#deps,
      claimer,
      groups: new OperatorGroups(slack, config.operators, logger),
      botUserId,
      fleet: () => this.#roster.fleet,
      deployHandler: this.#handler,
      abort: this.#abort.signal,
      sleep: async (ms) => void (await this.#sleep(ms)),
    });
    this.#state = 'idle';
    // A first start fixes where it reads before anything else, so that a command posted while
    // the agent joins the roster is still read; it reads a little further back for rollouts
    // (first-start.ts).
    if (journal.cursor === undefined) {
      const latest = await this.#step('read the newest message of the channel (conversations.history)', () => slack.conversations.history({ channel: config.channel, limit: 1 }));
      const newest = latest.messages?.[0]?.ts;
      if (newest) journal.advance(firstStartCursor(journal, newest, config.maxCommandAge));
    }
    const promisedMs = this.#heartbeatMs();
    await this.#step('join the roster', () => this.#roster.join(this.#status()));
    await this.#step('read the roster', () => this.#roster.read());
    // Joining promised the interval of a fleet of one; a larger fleet beats less often, so say so
    // now rather than look stale to the peer guard until the next beat.
    if (this.#heartbeatMs() > promisedMs) await this.#beat();
    await this.#router.recover();
    const handler = this.#handler;
    if (handler) await this.#step('resume deployments', () => handler.resume());
    this.#startSocket();
    this.#loops = [this.#pollLoop(), this.#heartbeatLoop()];
    logger.info(`serving ${config.channel} as ${config.host} (troupe ${version}, ${this.#socket ? 'socket + polling' : 'polling only'})`);
  }

  /** One start step, with Slack's passing failures waited out; a stop ends the wait. */
  #step<T>(what: string, call: () => Promise<T>): Promise<T> {
    return waitOut(what, call, {
      logger: this.#deps.logger,
      sleep: async (ms) => void (await this.#wake.sleep(ms, { wakeable: true, abort: this.#abort.signal })),
      stopping: () => this.#stopping,
      rateLimitedForMs: () => Math.max(0, this.#rateLimitedUntil - Date.now()),
    });
  }

  /** Graceful stop: no new work, running commands finish (or are killed after `graceMs`), roster says stopping. */
  stop(graceMs = 20_000): Promise<void> {
    this.#stopped ??= this.#stop(graceMs);
    return this.#stopped;
  }

  /** Resolves once `stop` (from a signal or a restart request) has finished. */
  async stopped(): Promise<void> {
    while (!this.#stopped) await this.#wake.sleep(250, { wakeable: false });
    await this.#stopped;
  }

  async #stop(graceMs: number): Promise<void> {
    this.#stopping = true;
    const { logger } = this.#deps;
    logger.info('stopping: taking no new commands');
    this.#state = 'stopping';
    this.#wake.wake();
    await this.#beat();
    await this.#socket?.stop();
    const finished = (await this.#router?.drain(graceMs)) ?? true;
    if (!finished) {
      logger.warn('commands still running after the grace period; stopping them');
      this.#abort.abort();
      await this.#router.settled();
    }
    await this.#handler?.stop().catch((error: unknown) => logger.error(`deploy handler did not stop cleanly: ${describe(error)}`));
    this.#abort.abort();
    await Promise.allSettled(this.#loops);
    await this.#beat();
    logger.info('stopped');
  }

  #startSocket(): void {
    const { config, logger } = this.#deps;
    if (!config.tokens.app || !config.slack.socket) return;
    this.#socket = new SocketHints({
      appToken: config.tokens.app,
      apiUrl: config.apiUrl,
      host: config.host,
      channel: config.channel,
      logger,
      onHint: () => this.#wake.wake(),
      onModeChange: () => void this.#beat(),
      onBlockAction: (action) => this.#handler?.onBlockAction?.(action),
      // An event under a message this agent has not read: each event reaches one of the app's
      // connections, so a command's own event may have gone to another host, and the replies
      // that follow it (a plan, a claim) wake a host that has not found it yet.
      onThreadActivity: (threadTs) => {
        if (isUnreadThread(threadTs, this.#deps.journal.cursor)) this.#wake.wake();
        this.#handler?.onThreadActivity?.(threadTs);
      },
    });
    this.#socket.start();
  }

  async #pollLoop(): Promise<void> {
    const { config, slack, journal, logger } = this.#deps;
    while (!this.#stopping) {
      try {
        const messages = await readNewMessages((this.#deps.pollSlack ?? slack).conversations, config.channel, journal.cursor);
        const slackNow = Math.max(Number(journal.cursor ?? 0), ...messages.map((m) => Number(m.ts)));
        for (const message of messages) {
          if (this.#stopping) break;
          await this.#router.consider({ ...message, channel: config.channel }, slackNow);
          journal.advance(message.ts);
        }
      } catch (error) {
        // Slack's Retry-After, and as much again at random: a fleet's polls that met the limit
        // together do not all come back in the same second (the client logged the 429).
        if (isRateLimited(error)) this.#pollNotBefore = Date.now() + jitteredRetryMs(error);
        else logger.warn(`reading the channel failed: ${describe(error)}; trying again`);
      }
      const polledAt = Date.now();
      await this.#untilNextPoll(polledAt);
      // A wake-up shortens the wait, never below the floor: a burst of messages is one read.
      await this.#sleep(polledAt + config.slack.minPollMs - Date.now());
    }
  }

  /**
   * Sleeps until the next channel poll is due, or a wake-up. The interval follows what this host
   * does now (looked at again every few seconds): a rollout that comes to rest ends the longer
   * interval of a host that followed it, without all hosts polling at the same moment.
   */
  async #untilNextPoll(polledAt: number): Promise<void> {
    const { minPollMs } = this.#deps.config.slack;
    for (;;) {
      const interval = this.#handler?.following?.() ? this.#interval(CHANNEL_POLL_SHARE.following, minPollMs) : this.#idlePollMs(minPollMs);
      const left = Math.max(polledAt + interval, this.#pollNotBefore) - Date.now();
      if (left <= 0 || this.#stopping) return;
      // A wake-up (a socket hint) reads now, but never inside the wait a 429 asked for.
      if ((await this.#sleep(Math.min(left, POLL_RECHECK_MS), true)) && Date.now() >= this.#pollNotBefore) return;
    }
  }

  async #heartbeatLoop(): Promise<void> {
    let beatsUnread = 0;
    while (!this.#stopping) {
      await this.#sleep(this.#heartbeatMs());
      if (this.#stopping) break;
      // Read first: the beat says how long until the next one (`interval_s`, from the fleet size),
      // and a beat that promised the interval of a smaller fleet would be called stale by its peers.
      const following = this.#handler?.following?.() === true;
      if (!following || beatsUnread + 1 >= ROSTER_READ_EVERY_BEATS_FOLLOWING) {
        await this.#roster.read().catch((error: unknown) => this.#deps.logger.warn(`reading the roster failed: ${describe(error)}`));
        beatsUnread = 0;
      } else beatsUnread += 1;
      await this.#beat();
    }
  }

  async #beat(): Promise<void> {
    await this.#roster?.beat(this.#status()).catch((error: unknown) => this.#deps.logger.warn(`heartbeat failed: ${describe(error)}`));
  }

  #status(): AgentStatus {
    const { config } = this.#deps;
    return {
      host: config.host,
      agentId: this.#agentId,
      version,
      sha: this.#sha,
      state: this.#state,
      started: this.#started,
      socket: this.#socket?.mode.kind === 'socket',
      intervalS: this.#heartbeatMs() / 1000,
      rollout: this.#rollout,
    };
  }

  /** Each beat is a `chat.update` and a roster read: both stay within their shares. */
  #heartbeatMs(): number {
    return Math.max(this.#interval(SHARE.heartbeat, 5000), this.#interval(SHARE.rosterRead, 5000));
  }

  /** The idle channel poll's interval: the first hosts of the roster look more often (they start a rollout). */
  #idlePollMs(minMs: number): number {
    const live = liveHosts(this.#roster?.fleet ?? EMPTY_FLEET);
    const place = live.findIndex((h) => h.host === this.#deps.config.host);
    const { rateScale } = this.#deps.config.slack;
    return idlePollIntervalMs({ fleetSize: Math.max(1, live.length), place, tierPerMinute: TIER_PER_MINUTE.tier3, scale: rateScale, minMs });
  }

  #interval(share: number, minMs: number): number {
    const fleetSize = Math.max(1, liveHosts(this.#roster?.fleet ?? EMPTY_FLEET).length);
    const { rateScale } = this.#deps.config.slack;
    return intervalWithinShare({ fleetSize, tierPerMinute: TIER_PER_MINUTE.tier3, share, scale: rateScale, minMs });
  }

  /** Sleeps `ms` (longer while rate limited); a wake-up (socket hint, stop) ends it early when `wakeable` (then true). */
  #sleep(ms: number, wakeable = false): Promise<boolean> {
    const wait = Math.max(ms, this.#rateLimitedUntil - Date.now());
    return this.#wake.sleep(wait, { wakeable, abort: this.#abort.signal });
  }

  #services(botUserId: string): AgentServices {
    const { config, slack, journal, audit, logger, runProcess } = this.#deps;
    return {
      config, slack, botUserId, journal, audit, logger, runProcess,
      reads: patientReads(this.#deps.pollSlack ?? slack),
      fleet: () => this.#roster.fleet,
      setRosterStatus: (status) => {
        // Once stopping, the roster says so to the end, whatever the handler reports on its way out.
        if (status.state && !this.#stopping) this.#state = status.state;
        if (status.sha) this.#sha = status.sha;
        this.#rollout = status.rollout;
        void this.#beat();
      },
      wake: () => this.#wake.wake(),
      requestRestart: (reason: string) => {
        this.#restartReason = reason;
        void this.stop();
      },
    };
  }
}
