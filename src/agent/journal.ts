import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { atomicWriteFileSync } from '../util/atomic-write.js';
import { ConfigError } from './config-error.js';

/** What this host did with one command message (keyed by the message `ts`). */
export interface HandledCommand {
  phase: 'running' | 'done' | 'failed' | 'interrupted' | 'ignored';
  /** The command text as it was read (for the thread's account after a crash). */
  text: string;
  /** Milliseconds since the epoch (host clock; only shown to people). */
  at: number;
  /** The pin-lock claim token, when this host claimed the message. */
  token?: string;
  /** The claim's nonce (to release it after a crash). */
  nonce?: string;
}

export interface JournalData {
  v: 1;
  /** Newest top-level message `ts` fully considered; polling resumes after it. */
  cursor?: string;
  handled: Record<string, HandledCommand>;
  /** Free sections for other parts of the agent (the deploy executor keeps its state under `deploy`). */
  sections: Record<string, unknown>;
}

const KEEP = 500;

/**
 * The agent's memory across restarts, one JSON file in the state directory written atomically
 * (temp file, fsync, rename). It makes every command at most once per host.
 */
export class Journal {
  readonly path: string;
  #data: JournalData;

  private constructor(path: string, data: JournalData) {
    this.path = path;
    this.#data = data;
  }

  /** Opens (or starts) the journal in `stateDir`, creating the directory (mode 700). */
  static open(stateDir: string): Journal {
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    const path = join(stateDir, 'journal.json');
    let text: string | undefined;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (text === undefined) return new Journal(path, { v: 1, handled: {}, sections: {} });
    try {
      const data = JSON.parse(text) as JournalData;
      return new Journal(path, { v: 1, handled: data.handled ?? {}, sections: data.sections ?? {}, cursor: data.cursor });
    } catch (error) {
      throw new ConfigError(`${path}: the journal is not valid JSON; move it aside only if no command or deployment was in progress`, {
        cause: error,
      });
    }
  }

  get cursor(): string | undefined {
    return this.#data.cursor;
  }

  handled(ts: string): HandledCommand | undefined {
    return this.#data.handled[ts];
  }

  /** Commands this host started and never finished (it crashed or was killed). */
  unfinished(): [string, HandledCommand][] {
    return Object.entries(this.#data.handled).filter(([, entry]) => entry.phase === 'running');
  }

  record(ts: string, entry: HandledCommand): void {
    this.#data.handled[ts] = entry;
    this.#prune();
    this.#save();
  }

  advance(cursor: string): void {
    if (this.#data.cursor !== undefined && compareTs(cursor, this.#data.cursor) <= 0) return;
    this.#data.cursor = cursor;
    this.#save();
  }

  /** A section another part of the agent owns; `undefined` when never written. */
  section<T>(name: string): T | undefined {
    return this.#data.sections[name] as T | undefined;
  }

  setSection(name: string, value: unknown): void {
    if (value === undefined) delete this.#data.sections[name];
    else this.#data.sections[name] = value;
    this.#save();
  }

  #prune(): void {
    const keys = Object.keys(this.#data.handled).sort(compareTs);
    for (const key of keys.slice(0, Math.max(0, keys.length - KEEP))) {
      if (this.#data.handled[key]?.phase !== 'running') delete this.#data.handled[key];
    }
  }

  #save(): void {
    atomicWriteFileSync(this.path, `${JSON.stringify(this.#data, null, 2)}\n`);
  }
}

/** Orders Slack `ts` strings ("1732712345.000200") numerically. */
export function compareTs(a: string, b: string): number {
  const [as = '0', af = ''] = a.split('.');
  const [bs = '0', bf = ''] = b.split('.');
  return Number(as) - Number(bs) || Number(af.padEnd(6, '0')) - Number(bf.padEnd(6, '0'));
}
