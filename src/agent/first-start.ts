import type { ParseResult } from '../protocol/index.js';
import { compareTs, type Journal } from './journal.js';

/** Journal section: the newest message of the channel when this agent first started. */
const FIRST_START = 'first-start';

/**
 * Where a first start begins to read. The agent reads back `lookBackS` seconds before the
 * newest message: a rollout that was posted while this host was still starting (and whose plan
 * may already name it, from the roster it has just joined) must not wait forever for it.
 * Returns the cursor for the journal and remembers the boundary.
 */
export function firstStartCursor(journal: Journal, newest: string, lookBackS: number): string {
  journal.setSection(FIRST_START, newest);
  return Math.max(0, Number(newest) - lookBackS).toFixed(6);
}

/**
 * Why a message posted before this agent first started is not for it, or undefined when it is.
 * Such a message may only bring the host into a rollout (`deploy canary|rolling`), whose thread
 * then says whether this host has a part in it; a remote command, an answer or a steering
 * command from before the host existed is never carried out late.
 */
export function beforeFirstStart(journal: Journal, ts: string, parsed: ParseResult): string | undefined {
  const boundary = journal.section<string>(FIRST_START);
  if (boundary === undefined || compareTs(ts, boundary) > 0) return undefined;
  const joinsRollout = parsed.kind === 'deploy' && (parsed.action === 'canary' || parsed.action === 'rolling');
  return joinsRollout ? undefined : 'posted before this agent first started';
}
