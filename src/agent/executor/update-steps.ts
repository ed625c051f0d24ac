import { writeJournal, enterPhase } from './journal.js';
import { StepFailedError } from './errors.js';
import type { ExecutorDeps } from './executor-deps.js';
import { waitHealthy, soak } from './health.js';
import { logTail } from './log-tail.js';
import { killGroup } from './run-command.js';
import type { Journal, Phase } from './types.js';

/** Writes the journal in `phase` and tells the caller; every phase starts with this. */
export async function save(journal: Journal, phase: Phase, deps: ExecutorDeps, changes: Partial<Journal> = {}): Promise<Journal> {
  const next = enterPhase(journal, phase, deps.clock.now(), changes);
  await writeJournal(next.config.journalPath, next);
  await deps.onPhase?.(next);
  return next;
}

/** A step a crashed executor left running (its process group) is stopped before the step is redone. */
export function stopLeftoverStep(journal: Journal): void {
  killGroup(journal.stepPid, 'SIGKILL');
}

/** Checks out `sha` detached and verifies the tree is exactly that revision. */
export async function switchTo(journal: Journal, sha: string, deps: ExecutorDeps): Promise<void> {
  const git = deps.git(journal.config.repoDir);
  try {
    await git.checkoutDetached(sha);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new StepFailedError(`git checkout ${sha.slice(0, 12)} failed`, logTail(detail));
  }
  const [head, changed] = [await git.head(), await git.changedPaths()];
  if (head !== sha || changed.length > 0) {
    throw new StepFailedError(`the working tree is not clean on ${sha.slice(0, 12)} after checkout`, changed.join('\n'));
  }
}

/** Runs argv as one step of the update; its pid goes to the journal while it runs. */
export async function runStep(
  journal: Journal,
  label: string,
  argv: readonly string[],
  timeoutMs: number,
  deps: ExecutorDeps,
): Promise<void> {
  const { config } = journal;
  const result = await deps.run(argv, {
    cwd: config.repoDir,
    env: config.env,
    timeoutMs,
    onSpawn: (pid) => writeJournal(config.journalPath, { ...journal, stepPid: pid }),
  });
  await deps.keepOutput(journal, `== ${journal.phase}: ${argv.join(' ')} (${result.summary})\n${result.output}\n`);
  await writeJournal(config.journalPath, { ...journal, stepPid: null });
  if (!result.ok) throw new StepFailedError(`${label} \`${argv.join(' ')}\` failed: ${result.summary}`, logTail(result.output));
}

/** Runs every configured build step in order. */
export async function build(journal: Journal, deps: ExecutorDeps): Promise<void> {
  for (const step of journal.config.build) await runStep(journal, 'build step', step.argv, step.timeoutMs, deps);
}

/** Waits for the started code to be healthy by the journal's deadline. */
export async function confirmHealthy(journal: Journal, deps: ExecutorDeps): Promise<void> {
  const { config } = journal;
  if (!config.health) return;
  const deadline = journal.deadline ?? deps.clock.now() + config.healthDeadlineMs;
  const probe = await waitHealthy(config.health, config.repoDir, { ...config.env }, { deadline, intervalMs: config.healthIntervalMs }, deps);
  if (!probe.healthy) throw new StepFailedError(`health check failed: ${firstLine(probe.detail)}`, logTail(probe.detail));
}

/** Healthy throughout the soak, or a failure. */
export async function soakHealthy(journal: Journal, deps: ExecutorDeps): Promise<void> {
  const { config } = journal;
  if (!config.health || config.soakMs <= 0) return;
  const probe = await soak(config.health, config.repoDir, { ...config.env }, { soakMs: config.soakMs, intervalMs: config.healthIntervalMs }, deps);
  if (!probe.healthy) throw new StepFailedError(firstLine(probe.detail), logTail(probe.detail));
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
