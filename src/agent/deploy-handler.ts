import type { WebClient } from '@slack/web-api';
import type { AuditLog } from './audit-log.js';
import type { AgentConfig } from './config.js';
import type { DeployCommand } from './decide.js';
import type { FleetView } from './fleet-view.js';
import type { Journal } from './journal.js';
import type { Logger } from './logger.js';
import type { AgentState } from './roster-record.js';
import type { BlockAction } from './socket-hints.js';
import type { ProcessRunner } from './run-process.js';
import type { SlackReads } from './patient-reads.js';

/** A command message that reached the deploy handler: authorized, in the fleet channel, never edited. */
export interface DeployRequest {
  command: DeployCommand;
  /** The command message: its `ts` is the rollout's id and its thread the rollout's log. */
  ts: string;
  channel: string;
  /** The operator who typed it. */
  user: string;
  text: string;
}

/** What the agent offers the deploy handler (built once, at start). */
export interface AgentServices {
  config: AgentConfig;
  /** The agent's Web API client (identified by host, 429s obeyed). Spend only this host's share of each tier. */
  slack: WebClient;
  /** Reads through the channel poll's client: a 429 is waited out with jitter, not retried in step (`patientReads`). */
  reads: SlackReads;
  /** The agent's bot user id (to recognise troupe's own replies). */
  botUserId: string;
  /** The journal: keep the executor's state with `journal.section('deploy')` / `journal.setSection('deploy', …)`. */
  journal: Journal;
  audit: AuditLog;
  logger: Logger;
  /** Runs argv without a shell, with a timeout and an abort signal. */
  runProcess: ProcessRunner;
  /** The fleet as the roster shows it now. */
  fleet(): FleetView;
  /** Sets what this host's roster reply says (state, deployed sha, rollout in progress); the heartbeat carries it. */
  setRosterStatus(status: { state?: AgentState; sha?: string; rollout?: string }): void;
  /** Asks the agent to read the channel soon (after posting something others should see). */
  wake(): void;
  /** Ends the agent with the supervisor's restart code (75) after a graceful stop. */
  requestRestart(reason: string): void;
}

/**
 * The deployments part of the agent (DESIGN §5–§6). The agent reads the channel, authorizes and
 * parses; every host's handler sees every deploy/unlock command exactly once (at most once across
 * restarts: the agent journals the message before calling `handle`).
 */
export interface DeployHandler {
  /** After the roster reply is up, before commands are read: resume what the journal says was in progress. */
  resume(): Promise<void>;
  /** A deploy or unlock command. Return soon; keep long work running and finish it in `stop`. */
  handle(request: DeployRequest): Promise<void>;
  /** On SIGTERM/SIGINT: stop taking turns, finish or hand back what is held, release what is safe. */
  stop(): Promise<void>;
  /** A button of a troupe message was clicked (Socket Mode delivers each click to one agent only). */
  onBlockAction?(action: BlockAction): void;
  /**
   * A Socket Mode event arrived for a thread of the fleet channel (a reply, an edit, a reaction or
   * a pin; `threadTs` is the thread's first message, or for a reaction or pin the message it is on).
   * A hint only: each event reaches one random connection of the app, so most hosts never see it,
   * and nothing may depend on it. Called on the socket's event path: return at once.
   */
  onThreadActivity?(threadTs: string): void;
  /**
   * Whether this host follows a rollout that has not come to rest: its channel polls then give
   * most of conversations.history to the hosts watching for their turn (DESIGN §8).
   */
  following?(): boolean;
  /** Lines about rollouts for the `status` reply (whichever agent answers it). */
  statusText?(): string;
}

export type DeployHandlerFactory = (services: AgentServices) => DeployHandler;
