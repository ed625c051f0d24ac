import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
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
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  const file = await open(temp, 'w', 0o600);
  try {
    await file.writeFile(`${JSON.stringify(journal, null, 2)}\n`);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temp, path);
  const directory = await open(dir, 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
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
