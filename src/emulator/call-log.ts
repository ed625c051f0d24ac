import type { CallLogEntry } from './api.js';

/** Oldest entries are dropped beyond this, so a long benchmark cannot exhaust memory. */
export const CALL_LOG_LIMIT = 100_000;

export class CallLog {
  private entries: CallLogEntry[] = [];

  add(entry: CallLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > CALL_LOG_LIMIT) this.entries.splice(0, this.entries.length - CALL_LOG_LIMIT);
  }

  all(): CallLogEntry[] {
    return [...this.entries];
  }
}
