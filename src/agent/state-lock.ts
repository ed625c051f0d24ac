import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TroupeError } from '../errors.js';

/** Another agent runs on this state directory: two would resume the same journal. */
export class StateDirInUseError extends TroupeError {
  override readonly code = 'state_dir_in_use';
}

interface Holder {
  pid: number;
  /** The process's start time (clock ticks since boot, from /proc), so that a reused pid is not taken for the holder. */
  since?: string;
  host: string;
}

const LOCK = 'agent.pid';

/** A process's state letter and start time (fields 3 and 22 of /proc/PID/stat), where /proc exists. */
function procStat(pid: number): { state: string; since: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', since: fields[19] ?? '' };
  } catch {
    return undefined;
  }
}

/** Whether the holder still runs: its pid exists, is not a zombie (killed, not yet reaped), and started when it said. */
function alive(holder: Holder): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = procStat(holder.pid);
  if (stat?.state === 'Z') return false;
  return holder.since === undefined || stat === undefined || stat.since === holder.since;
}

function readHolder(file: string): Holder | undefined {
  try {
    const holder = JSON.parse(readFileSync(file, 'utf8')) as Holder;
    return Number.isInteger(holder.pid) ? holder : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Makes this process the only agent on `stateDir` (a pid file, created atomically). A lock whose
 * process is gone (killed, crashed) is taken over; a live holder makes this throw, naming it.
 * Returns the release, which removes the file only while it is still this process's.
 */
export function lockStateDir(stateDir: string, host: string): () => void {
  mkdirSync(stateDir, { recursive: true });
  const file = join(stateDir, LOCK);
  const mine: Holder = { pid: process.pid, since: procStat(process.pid)?.since, host };
  const draft = `${file}.${process.pid}`;
  writeFileSync(draft, `${JSON.stringify(mine)}\n`, { mode: 0o600 });
  try {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        linkSync(draft, file);
        return () => {
          if (readHolder(file)?.pid === process.pid) unlinkSync(file);
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = readHolder(file);
      if (holder && alive(holder)) {
        throw new StateDirInUseError(
          `another troupe agent (pid ${holder.pid}, host ${holder.host}) is running on the state directory ${stateDir}: ` +
            `stop it first (kill ${holder.pid}, or stop its service), or give this agent its own stateDir in its configuration`,
        );
      }
      // Left by an agent that was killed: take it over.
      try {
        unlinkSync(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    throw new StateDirInUseError(`could not take the lock ${file}: another agent is starting on ${stateDir} at the same time; try again`);
  } finally {
    unlinkSync(draft);
  }
}
