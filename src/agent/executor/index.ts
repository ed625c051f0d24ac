/** The host-side executor: preflight, the journaled update, rollback (DESIGN §6). */
export { fetchRemote, prepareUpdate, type PreparedUpdate, type PrepareDeps } from './prepare-update.js';
export { beginUpdate, runUpdate, resumeFromJournal, UpdateInProgressError } from './run-update.js';
export { rollback, revertFromGuard } from './rollback.js';
export { readJournal, writeJournal, clearJournal } from './journal.js';
export { executorDeps, updateLogPath, type ExecutorDeps } from './executor-deps.js';
export { openGitRepo, type GitRepo } from './git-repo.js';
export { runCommand, killGroup, type CommandRunner, type CommandOptions, type CommandResult } from './run-command.js';
export { systemClock, type Clock } from './clock.js';
export { probeHealth, waitHealthy, type Probe } from './health.js';
export { logTail } from './log-tail.js';
export * from './errors.js';
export * from './types.js';
