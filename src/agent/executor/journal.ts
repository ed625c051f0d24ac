import { readFile, rm } from 'node:fs/promises';
import { atomicWriteFile } from '../../util/atomic-write.js';
import { JournalError } from './errors.js';
import { phases, type Journal, type Phase } from './types.js';

const maxHistory = 64;

/** Reads the journal, or null when there is none (no update in progress). */
export async function readJournal(path: string): Promise<Journal | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return parseJournal(text, path);
}

function parseJournal(text: string, path: string): Journal {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new JournalError(`The journal ${path} is not valid JSON; inspect it, then delete it to forget the update.`, {
      cause: error,
    });
  }
  const journal = data as Partial<Journal>;
  const known = typeof journal.phase === 'string' && (phases as readonly string[]).includes(journal.phase);
  if (journal.v !== 1 || !known || typeof journal.toSha !== 'string' || typeof journal.fromSha !== 'string' || !journal.config) {
    throw new JournalError(`The journal ${path} is not a troupe journal (v1); inspect it, then delete it to forget the update.`);
  }
  return journal as Journal;
}

/**
 * Writes the journal atomically: a temporary file next to it, fsync, rename, fsync of the
 * directory. A crash leaves either the old journal or the new one, never a torn file.
 */
export async function writeJournal(path: string, journal: Journal): Promise<void> {
  await atomicWriteFile(path, `${JSON.stringify(journal, null, 2)}\n`);
}

/** Returns the journal moved to `phase` (history appended), with `changes` applied. */
export function enterPhase(journal: Journal, phase: Phase, at: number, changes: Partial<Journal> = {}): Journal {
  const history = [...journal.history, { phase, at }].slice(-maxHistory);
  return { ...journal, ...changes, phase, history, stepPid: changes.stepPid ?? null };
}

/** Deletes the journal once the caller has reported the result. */
export async function clearJournal(path: string): Promise<void> {
  await rm(path, { force: true });
}
