import { appendFile } from 'node:fs/promises';
import { systemClock, type Clock } from './clock.js';
import { openGitRepo, type GitRepo } from './git-repo.js';
import { runCommand, type CommandRunner } from './run-command.js';
import type { Journal } from './types.js';

/** The ports of the executor. Every field has a real default; tests replace what they need. */
export interface ExecutorDeps {
  readonly git: (dir: string) => GitRepo;
  readonly run: CommandRunner;
  readonly clock: Clock;
  readonly fetch: typeof fetch;
  /** Appends a step's output to the host's update log (kept in full; replies carry a tail). */
  readonly keepOutput: (journal: Journal, text: string) => Promise<void>;
  /** Called after every journal write: progress records, lease heartbeats. */
  readonly onPhase?: (journal: Journal) => void | Promise<void>;
}

/** The update log sits next to the journal: `<journal>.log`. */
export function updateLogPath(journalPath: string): string {
  return `${journalPath}.log`;
}

export function executorDeps(overrides: Partial<ExecutorDeps> = {}): ExecutorDeps {
  return {
    git: openGitRepo,
    run: runCommand,
    clock: systemClock,
    fetch: globalThis.fetch,
    keepOutput: (journal, text) => appendFile(updateLogPath(journal.config.journalPath), text),
    ...overrides,
  };
}
