import { readFile } from 'node:fs/promises';
import { atomicWriteFile } from '../util/atomic-write.js';
import type { ChannelState } from './model.js';
import { TroupeError } from '../errors.js';

export class DataFileError extends TroupeError {
  override readonly code = 'data_file';
}

interface DataFile {
  version: 1;
  channels: ChannelState[];
}

/** Reads the state saved by {@link saveState}; undefined when the file does not exist yet. */
export async function loadState(file: string): Promise<ChannelState[] | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new DataFileError(`Cannot read the local Slack's data file ${file}: ${(error as Error).message}`, { cause: error });
  }
  try {
    const data = JSON.parse(text) as DataFile;
    if (data.version !== 1 || !Array.isArray(data.channels)) throw new Error('unknown format');
    return data.channels;
  } catch (error) {
    throw new DataFileError(`${file} is not a local Slack data file (${(error as Error).message}). Move it away or pass another --data file.`, { cause: error });
  }
}

/** Writes atomically: a temporary file next to the target, fsync, rename, fsync of the folder. */
export async function saveState(file: string, channels: ChannelState[]): Promise<void> {
  const data: DataFile = { version: 1, channels };
  await atomicWriteFile(file, JSON.stringify(data));
}

/** Saves after changes, coalescing bursts: at most one write in flight and one queued. */
export class StateSaver {
  private writing: Promise<void> | undefined;
  private dirty = false;

  constructor(
    private readonly file: string,
    private readonly snapshot: () => ChannelState[],
  ) {}

  changed(): void {
    this.dirty = true;
    if (!this.writing) this.writing = this.loop();
  }

  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async loop(): Promise<void> {
    try {
      while (this.dirty) {
        this.dirty = false;
        await saveState(this.file, this.snapshot());
      }
    } catch (error) {
      process.stderr.write(`local Slack: could not save ${this.file}: ${(error as Error).message}\n`);
    } finally {
      this.writing = undefined;
    }
  }
}
