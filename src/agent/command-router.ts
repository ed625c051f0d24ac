import type { WebClient } from '@slack/web-api';
import { parseCommand } from '../protocol/index.js';
import { answerText } from './answers.js';
import type { AuditLog } from './audit-log.js';
import { authorize, type Authorization } from './authorize.js';
import { classifyMessage, type ChannelMessage } from './channel-message.js';
import { CONTENDERS, turnOrder, type HeldMessage, type MessageClaimer } from './claim-once.js';
import type { AgentConfig } from './config.js';
import { decide, type Decision, type RunCommand } from './decide.js';
import type { DeployHandler } from './deploy-handler.js';
import { liveHosts, type FleetView } from './fleet-view.js';
import type { Journal } from './journal.js';
import type { Logger } from './logger.js';
import type { OperatorGroups } from './operator-groups.js';
import { runRemoteCommand } from './remote-command.js';
import type { ProcessRunner } from './run-process.js';
import { beforeFirstStart } from './first-start.js';
import { describe, Thread } from './thread.js';
import { recoverInterrupted } from './recover.js';

export interface RouterDeps {
  config: AgentConfig;
  slack: WebClient;
  journal: Journal;
  audit: AuditLog;
  logger: Logger;
  runProcess: ProcessRunner;
  claimer: MessageClaimer;
  groups: OperatorGroups;
  botUserId: string;
  fleet: () => FleetView;
  deployHandler?: DeployHandler;
  /** Aborted when the agent must stop now: running commands are killed. */
  abort: AbortSignal;
  /** Waits `ms` or until the agent stops. */
  sleep: (ms: number) => Promise<void>;
}

/** Between two places in the turn order for a message answered once (DESIGN §4.1). */
export const TURN_STEP_MS = 3000;

/**
 * Decides about each command message once per host and carries the decision out: answers given
 * once for the fleet, `run` on this host, deploy commands handed to the deploy handler.
 */
export class CommandRouter {
  readonly #deps: RouterDeps;
  readonly #inflight = new Set<Promise<void>>();
  #stopping = false;

  constructor(deps: RouterDeps) {
    this.#deps = deps;
  }

  /** Says in their threads what happened to commands a crash interrupted; never runs them again. */
  async recover(): Promise<void> {
    await recoverInterrupted(this.#deps, (ts) => this.#thread(ts));
  }

  /** Considers one top-level message of the channel (oldest first). Long work continues in the background. */
  async consider(message: ChannelMessage, slackNow: number): Promise<void> {
    if (this.#stopping || this.#deps.journal.handled(message.ts)) return;
    const kind = classifyMessage(message);
    if (kind === 'other') return;
    const text = message.text ?? '';
    const parsed = parseCommand(text);
    if (parsed.kind !== 'unknown') this.#deps.audit.append({ event: 'seen', ts: message.ts, user: message.user, text });
    const skip =
      kind === 'edited'
        ? 'edited before it was read'
        : slackNow - Number(message.ts) > this.#deps.config.maxCommandAge
          ? 'too old when first read'
          : beforeFirstStart(this.#deps.journal, message.ts, parsed);
    if (skip) {
      if (parsed.kind !== 'unknown') this.#deps.audit.append({ event: 'decision', ts: message.ts, decision: 'ignore', reason: skip });
      return;
    }
    const authorization = await this.#authorize(message);
    const decision = decide({
      parsed,
      authorization,
      mentionsBot: text.trimStart().startsWith(`<@${this.#deps.botUserId}>`),
      host: this.#deps.config.host,
      fleetHosts: this.#deps.fleet().hosts.map((h) => h.host.toLowerCase()),
      deploymentsConfigured: this.#deps.config.app !== undefined,
    });
    if (decision.kind === 'ignore' && parsed.kind === 'unknown') return;
    this.#deps.audit.append({ event: 'decision', ts: message.ts, ...describeDecision(decision) });
    this.#carryOut(message, decision, authorization.allowed);
  }

  async #authorize(message: ChannelMessage): Promise<Authorization> {
    const { config, groups } = this.#deps;
    const direct = config.operators.includes(message.user ?? '');
    const inOperatorGroup = !direct && (await groups.includes(message.user));
    return authorize({ user: message.user, channel: message.channel ?? '', fleetChannel: config.channel, operators: config.operators, inOperatorGroup });
  }

  /** Stops taking work; waits up to `graceMs` for what runs, then `abort` (the caller's) kills it. */
  async drain(graceMs: number): Promise<boolean> {
    this.#stopping = true;
    const all = Promise.allSettled([...this.#inflight]).then(() => true);
    return Promise.race([all, new Promise<boolean>((resolve) => setTimeout(() => resolve(false), graceMs).unref())]);
  }

  /** Resolves when everything started so far has finished. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.#inflight]);
  }

  #carryOut(message: ChannelMessage, decision: Decision, operator: boolean): void {
    const { ts } = message;
    switch (decision.kind) {
      case 'ignore':
        return;
      case 'answer-once':
        return this.#spawn(ts, () => this.#once(ts, () => this.#answer(message, decision, operator)));
      case 'run':
        if (decision.mode === 'any') return this.#spawn(ts, () => this.#once(ts, (held) => this.#run(message, decision.command, held)));
        this.#deps.journal.record(ts, { phase: 'running', text: message.text ?? '', at: Date.now() });
        return this.#spawn(ts, async () => void (await this.#run(message, decision.command)));
      case 'deploy': {
        // Journaled first: the deploy handler sees each command at most once, even across restarts.
        this.#deps.journal.record(ts, { phase: 'done', text: message.text ?? '', at: Date.now() });
        const request = { command: decision.command, ts, channel: this.#deps.config.channel, user: message.user ?? '', text: message.text ?? '' };
        return this.#spawn(ts, async () => this.#deps.deployHandler?.handle(request));
      }
    }
  }

  async #answer(message: ChannelMessage, decision: Extract<Decision, { kind: 'answer-once' }>, operator: boolean): Promise<string> {
    const context = { config: this.#deps.config, fleet: this.#deps.fleet(), user: message.user, operator };
    const extra = decision.answer === 'status' ? this.#deps.deployHandler?.statusText?.() : undefined;
    const text = answerText(decision, context);
    await this.#thread(message.ts).reply(extra ? `${text}\n${extra}` : text);
    return `answered ${decision.answer}`;
  }

  async #run(message: ChannelMessage, command: RunCommand, held?: HeldMessage): Promise<string> {
    const { journal, audit } = this.#deps;
    const ts = message.ts;
    journal.record(ts, { phase: 'running', text: message.text ?? '', at: Date.now(), ...(held ? { token: held.token, nonce: held.nonce } : {}) });
    const outcome = await runRemoteCommand(command, this.#thread(ts), { config: this.#deps.config, runProcess: this.#deps.runProcess, signal: this.#deps.abort });
    journal.record(ts, { phase: outcome.ok ? 'done' : 'failed', text: message.text ?? '', at: Date.now() });
    audit.append({ event: 'result', ts, ok: outcome.ok, exit_code: outcome.result?.exitCode ?? null, duration_ms: outcome.result?.durationMs, refused: outcome.ok ? undefined : outcome.refused });
    return outcome.ok ? 'done' : 'failed';
  }

  /** Answers a message once for the fleet: this host's place in the turn order, then the pin lock. */
  async #once(ts: string, work: (held: HeldMessage) => Promise<string>): Promise<void> {
    const { config, claimer } = this.#deps;
    const hosts = liveHosts(this.#deps.fleet()).map((h) => h.host);
    const place = turnOrder(ts, hosts.includes(config.host) ? hosts : [...hosts, config.host]).indexOf(config.host);
    if (place >= CONTENDERS) return;
    await this.#deps.sleep(place * TURN_STEP_MS);
    if (this.#stopping) return;
    await claimer.run(ts, work);
  }

  #spawn(ts: string, work: () => Promise<void>): void {
    const task = work()
      .catch((error: unknown) => this.#deps.logger.error(`command ${ts} failed: ${describe(error)}`))
      .finally(() => this.#inflight.delete(task));
    this.#inflight.add(task);
  }

  #thread(ts: string): Thread {
    return new Thread(this.#deps.slack, this.#deps.logger, this.#deps.config.channel, ts);
  }
}

function describeDecision(decision: Decision): { decision: string; reason?: string } {
  switch (decision.kind) {
    case 'answer-once':
      return { decision: `answer ${decision.answer}`, reason: decision.reason };
    case 'ignore':
      return { decision: 'ignore', reason: decision.reason };
    case 'run':
      return { decision: `run on ${decision.mode}` };
    case 'deploy':
      return { decision: 'deploy handler' };
  }
}
