import { ExitCode } from '../exit-codes.js';
import { Agent } from './agent.js';
import { AuditLog } from './audit-log.js';
import { loadConfig, type AgentConfig } from './config.js';
import type { DeployHandlerFactory } from './deploy-handler.js';
import { lazyDeployHandler } from './lazy-deploy-handler.js';
import { Journal } from './journal.js';
import { createLogger, type Logger } from './logger.js';
import type { ProcessRunner } from './run-process.js';
import { createLockSlack, createSlack } from './slack-client.js';
import { lockStateDir } from './state-lock.js';
import { describe } from './thread.js';

/** Runs argv through `run-process.js`, loaded on the first command: the agent's own code does not load execa at start. */
const runProcess: ProcessRunner = async (argv, options) => (await import('./run-process.js')).runProcess(argv, options);

/** The rollout code (and with it git and process spawning), loaded when the host has deployments or first needs it. */
const loadRollouts = async (): Promise<DeployHandlerFactory> => (await import('./rollout/rollout-handler.js')).createRolloutHandler;

export interface RunAgentArgs {
  config?: string;
}

export interface RunAgentDeps {
  env?: Record<string, string | undefined>;
  deployHandler?: DeployHandlerFactory;
  logger?: Logger;
  /** Where the stop signals come from (the process by default). */
  signals?: NodeJS.EventEmitter;
}

/**
 * `troupe agent`: loads the configuration, starts the agent, and runs until SIGTERM/SIGINT.
 * Resolves with the exit code: 0 after a clean stop, 75 when the agent asks its supervisor to
 * start the (new) code again.
 */
export async function runAgent(args: RunAgentArgs, deps: RunAgentDeps = {}): Promise<number> {
  const config = loadConfig(args.config, deps.env ?? process.env);
  // One agent per state directory: two would resume the same journal.
  const unlock = lockStateDir(config.stateDir, config.host);
  try {
    return await serve(config, deps);
  } finally {
    unlock();
  }
}

async function serve(config: AgentConfig, deps: RunAgentDeps): Promise<number> {
  const logger = deps.logger ?? createLogger(config.host);
  const journal = Journal.open(config.stateDir);
  const audit = new AuditLog(config.stateDir, config.host);
  const onRateLimited: { agent?: Agent } = {};
  const slack = createSlack(config, logger, (seconds) => onRateLimited.agent?.rateLimited(seconds));
  const pollSlack = createSlack(config, logger, () => undefined, { rejectRateLimitedCalls: true });
  const deployHandler = deps.deployHandler ?? (config.app ? await loadRollouts() : lazyDeployHandler(loadRollouts));
  const agent = new Agent({ config, slack, pollSlack, lockSlack: createLockSlack(config), journal, audit, logger, runProcess, deployHandler });
  onRateLimited.agent = agent;
  const signals = deps.signals ?? process;
  const onSignal = (signal: string) => {
    logger.info(`${signal} received`);
    void agent.stop();
  };
  signals.on('SIGTERM', onSignal);
  signals.on('SIGINT', onSignal);
  try {
    await agent.start();
  } catch (error) {
    logger.error(`could not start: ${describe(error)}`);
    await agent.stop(0);
    throw error;
  }
  await agent.stopped();
  signals.off('SIGTERM', onSignal);
  signals.off('SIGINT', onSignal);
  return agent.restartReason ? ExitCode.restart : ExitCode.ok;
}
