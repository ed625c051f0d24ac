import { LockHeldError, WITHDRAWN, type Lease } from '../../slackmq/index.js';
import type { ActionPurpose } from '../../protocol/rollout-action.js';
import {
  beginUpdate,
  clearJournal,
  prepareUpdate,
  resumeFromJournal,
  runUpdate,
  StepFailedError,
  type Journal as UpdateJournal,
  type UpdateResult,
} from '../executor/index.js';
import type { AgentServices } from '../deploy-handler.js';
import { describe } from '../thread.js';
import { pinLock, renewNow, resumeLease, saveLock, savedLock, type HeldLock, type LockSettings } from './held-lease.js';
import type { RolloutThread } from './rollout-thread.js';
import { postOutcome, progressPhase } from './turn-records.js';
import { PhaseReporter } from './phase-reporter.js';
import type { FetchAhead } from './fetch-ahead.js';
import type { PostPacer } from './post-pacer.js';
import { updateConfig, updateJournalPath } from './update-config.js';

import type { ClaimAction } from '../../protocol/claim-ahead.js';

export type { ClaimAction };

export interface TurnDeps {
  services: AgentServices;
  lockSettings: (leaseS: number) => LockSettings;
  threadOf: (rollout: string) => RolloutThread;
  /**
   * This process's pace of posts into the channel. The lock's own posts (claim, release) wait
   * their turn before the lock is called, so the wait never eats into a lease or a release's
   * window to unpin.
   */
  pacer: PostPacer;
  /**
   * The rollout's thread as the release read it, the pin removed after: the runner takes it as
   * its next look instead of reading again (one conversations.replies call a turn less).
   */
  released?: (rollout: string, thread: readonly unknown[]) => void;
  /** The clone's fetches: the one made while the turn ahead ran serves the preflight. */
  fetchAhead: FetchAhead;
}

/**
 * For a claim made without a look at the thread (DESIGN §5.2): given the thread as the lock's read
 * after the claim showed it and the claim's token, says why the turn was not this host's, or
 * undefined when it was.
 */
export type DueCheck = (seen: readonly unknown[], token: string) => Promise<string | undefined>;

/** `held`: the lock was not free after all (someone claimed first, or a pin waits out its grace). */
export type TurnEnd = 'finished' | 'restarting' | 'held';

/** A read of the thread this recent lets the lock skip its own read before `pins.add`. */
const SEEN_FREE_MS = 2000;

/**
 * One host's turn in a rollout (DESIGN §6): preflight outside the lock, the lock, the journaled
 * update, the outcome in the thread, release. A self-update ends this process half-way (exit 75);
 * the next process carries the same turn on with `resumeTurn`. `seenAt` (performance.now()) is
 * when the runner read the thread that asked for this claim.
 */
export async function takeTurn(rollout: string, action: ClaimAction, deps: TurnDeps, seenAt = -Infinity, due?: DueCheck): Promise<TurnEnd> {
  const { services } = deps;
  const { host } = services.config;
  const thread = deps.threadOf(rollout);
  const cfg = updateConfig(services.config, { healthDeadlineS: action.healthDeadlineS, soakS: action.soakS });
  let prepared;
  try {
    await deps.fetchAhead.fetched(action.sha);
    prepared = await prepareUpdate(cfg, action.sha, { fetched: true });
  } catch (error) {
    // A claim worked out ahead (`due`) has not been checked against the thread yet: the turn may
    // not be this host's (the turn ahead failed, someone paused). Its failure is posted only after
    // a look shows the turn is: the runner looks now and, if it is, claims and prepares again.
    if (due) {
      services.logger.info(`rollout ${rollout}: preparing ${action.sha.slice(0, 12)} failed (${describe(error)}); looking at the thread before saying so`);
      return 'finished';
    }
    await thread.post('failed', { host, reason: clip(describe(error)), phase: action.purpose === 'rollback' ? 'rolling-back' : 'fetching', sha: action.sha });
    return 'finished';
  }
  let lease: Lease;
  try {
    await deps.pacer.turn();
    const seenFree = performance.now() - seenAt < SEEN_FREE_MS;
    lease = await pinLock(deps.lockSettings(action.leaseS), action.messageTs, prepared.fromSha, prepared.toSha).acquireOrBreak({ seenFree });
  } catch (error) {
    if (!(error instanceof LockHeldError)) throw error;
    services.logger.info(`rollout ${rollout}: ${error.message}`);
    return 'held';
  }
  if (due && (await withdrawn(deps, rollout, lease, due))) return 'finished';
  const held: HeldLock = {
    rollout, messageTs: action.messageTs, token: lease.token, nonce: lease.nonce, purpose: action.purpose, sha: prepared.toSha,
    claim: { v: 1, host, nonce: lease.nonce, lease_s: action.leaseS, from_sha: prepared.fromSha, to_sha: prepared.toSha },
  };
  saveLock(services.journal, held);
  services.setRosterStatus({ state: 'updating', rollout });
  const started = Date.now();
  let journal: UpdateJournal;
  try {
    journal = await beginUpdate(cfg, prepared, { rollout, token: lease.token });
  } catch (error) {
    await thread.post('failed', { host, reason: clip(describe(error)), phase: 'switching', sha: prepared.toSha, token: lease.token });
    await finishLock(deps, held, lease, 'failed', prepared.fromSha);
    return 'finished';
  }
  const phases = reporter(thread, host, held);
  const result = await runUpdate(journal, { onPhase: onPhase(phases, held, lease) }).catch(closing(phases));
  return settle(deps, held, lease, result, action.soakS, started, phases);
}

/**
 * A claim made without a look, and the thread (as the lock's read after it showed it) says the
 * turn was not this host's: it releases the claim as `withdrawn` (the rollout counts no turn)
 * before anything changed on the host. A check that fails counts as not due.
 */
async function withdrawn(deps: TurnDeps, rollout: string, lease: Lease, due: DueCheck): Promise<boolean> {
  const { logger } = deps.services;
  const why = await due(lease.seen ?? [], lease.token).catch((error: unknown) => `the check failed: ${describe(error)}`);
  if (why === undefined) return false;
  logger.info(`rollout ${rollout}: claim ${lease.token} withdrawn, not this host's turn: ${why}`);
  await deps.pacer.turn();
  const outcome = await lease.release(WITHDRAWN).catch((error: unknown) => logger.warn(`release of ${lease.token} failed: ${describe(error)}`));
  if (outcome?.released && outcome.seen) deps.released?.(rollout, outcome.seen);
  return true;
}

/** After a restart: carry on the turn the journal says this host holds (if any). */
export async function resumeTurn(deps: TurnDeps): Promise<TurnEnd> {
  const { services } = deps;
  const held = savedLock(services.journal);
  if (!held) return 'finished';
  const thread = deps.threadOf(held.rollout);
  await renewNow(deps.lockSettings(held.claim.lease_s), held).catch((error: unknown) => services.logger.warn(`could not renew claim ${held.token} at once: ${describe(error)}`));
  const lease = resumeLease(deps.lockSettings(held.claim.lease_s), held);
  services.setRosterStatus({ state: 'updating', rollout: held.rollout });
  const phases = reporter(thread, services.config.host, held);
  const result = await resumeFromJournal(updateJournalPath(services.config), { onPhase: onPhase(phases, held, lease) }).catch(closing(phases));
  if (!result) {
    await thread.post('failed', { host: services.config.host, reason: 'the agent stopped between its claim and the update; nothing changed', token: held.token });
    await finishLock(deps, held, lease, 'failed', held.claim.from_sha);
    return 'finished';
  }
  const soakS = Math.round(result.journal.config.soakMs / 1000);
  return settle(deps, held, lease, result, soakS, Date.now(), phases);
}

async function settle(deps: TurnDeps, held: HeldLock, lease: Lease, result: UpdateResult, soakS: number, started: number, phases: PhaseReporter): Promise<TurnEnd> {
  if (result.outcome === 'restart-by-exit') {
    // The host goes down now: the thread says so before this process ends.
    await phases.flush();
    await phases.close();
    // The lock stays held: the next process resumes this lease from the journal.
    deps.services.requestRestart(`self-update of ${deps.services.config.host} to ${held.sha.slice(0, 12)} (rollout ${held.rollout})`);
    return 'restarting';
  }
  await phases.close();
  const releaseResult = await postOutcome(deps.threadOf(held.rollout), deps.services.config.host, held.purpose, result, soakS, started);
  const on = result.outcome === 'done' ? result.journal.toSha : result.journal.fromSha;
  await finishLock(deps, held, lease, releaseResult, on);
  return 'finished';
}

async function finishLock(deps: TurnDeps, held: HeldLock, lease: Lease, result: string, sha: string | undefined): Promise<void> {
  const { services } = deps;
  // The roster says so before the release: the next host's peer guard reads the roster as soon
  // as it sees the pin go, and would otherwise find this host still updating.
  services.setRosterStatus({ state: 'idle', sha });
  await deps.pacer.turn();
  const outcome = await lease.release(result).catch((error: unknown) => services.logger.warn(`release of ${held.token} failed: ${describe(error)}`));
  if (outcome && !outcome.released) services.logger.warn(`claim ${held.token} was no longer ours at release (${outcome.reason})`);
  // A slot's lock lives on its own message: only the command's pin is read with the rollout's thread.
  if (outcome?.released && outcome.seen && held.messageTs === held.rollout) deps.released?.(held.rollout, outcome.seen);
  await clearJournal(updateJournalPath(services.config));
  saveLock(services.journal, undefined);
}

/** Stops the reports of a turn whose update threw, and throws on. */
function closing(phases: PhaseReporter) {
  return async (error: unknown): Promise<never> => {
    await phases.close();
    throw error;
  };
}

/** The turn's progress records (phases that last, and the restart of a self-update). */
function reporter(thread: RolloutThread, host: string, held: HeldLock): PhaseReporter {
  return new PhaseReporter((phase) => thread.post('progress', { host, phase, sha: held.sha, token: held.token }));
}

/** Each journal phase: reported if it lasts; a lost lock stops the update before any further change. */
function onPhase(phases: PhaseReporter, held: HeldLock, lease: Lease) {
  return async (journal: UpdateJournal): Promise<void> => {
    phases.enter(progressPhase(journal.phase, held.purpose));
    const lost = lease.lost;
    if (lost && (journal.phase === 'switching' || journal.phase === 'building')) throw new StepFailedError(`lost the lock: ${lost.message}`, '');
  };
}

function clip(text: string): string {
  return text.length > 500 ? `${text.slice(0, 499)}…` : text || 'unknown';
}

export type { ActionPurpose };
