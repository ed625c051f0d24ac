import { join } from 'node:path';
import type { HealthSpec, RestartSpec, UpdateConfig } from '../executor/index.js';
import type { AgentConfig } from '../config.js';

type App = NonNullable<AgentConfig['app']>;

/** The executor's journal: in the state directory, outside the working tree (the supervisor's `--journal`). */
export function updateJournalPath(config: AgentConfig): string {
  return join(config.stateDir, 'update.json');
}

function restartSpec(app: App): RestartSpec {
  return app.restart === 'exit' ? { kind: 'exit' } : { kind: 'command', argv: app.restart.argv, timeoutMs: app.restart.timeout * 1000 };
}

function healthSpec(app: App): HealthSpec | null {
  if (!app.health) return null;
  const timeoutMs = app.health.timeout * 1000;
  return 'url' in app.health ? { kind: 'http', url: app.health.url, timeoutMs } : { kind: 'command', argv: app.health.argv, timeoutMs };
}

/**
 * The executor's settings for one update of this host: the configured app, with the health
 * deadline and soak the plan fixed for the whole rollout (every host deploys alike).
 */
export function updateConfig(config: AgentConfig, timing: { healthDeadlineS: number; soakS: number }): UpdateConfig {
  const app = config.app;
  if (!app) throw new Error('deployments need `app` in the agent configuration');
  return {
    repoDir: app.dir,
    remote: app.remote,
    branch: app.branch,
    journalPath: updateJournalPath(config),
    build: app.build.map((step) => ({ argv: step.argv, timeoutMs: step.timeout * 1000 })),
    restart: restartSpec(app),
    health: healthSpec(app),
    healthDeadlineMs: timing.healthDeadlineS * 1000,
    healthIntervalMs: Math.max(50, app.healthInterval * 1000),
    soakMs: timing.soakS * 1000,
    maxBootAttempts: app.maxBootAttempts,
    env: {},
  };
}
