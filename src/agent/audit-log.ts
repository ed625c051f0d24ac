import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { redact } from '../util/redact.js';

/** One line of the audit log: a command seen, the decision taken about it, or its result. */
export interface AuditEntry {
  event: 'seen' | 'decision' | 'result';
  /** The command message's `ts`. */
  ts: string;
  user?: string;
  text?: string;
  decision?: string;
  reason?: string;
  [key: string]: unknown;
}

/**
 * Append-only JSONL in the state directory (`audit.jsonl`): every command this agent saw, what it
 * decided and what came of it. Kept because channel retention can delete Slack messages.
 */
export class AuditLog {
  readonly path: string;
  readonly #host: string;

  constructor(stateDir: string, host: string) {
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    this.path = join(stateDir, 'audit.jsonl');
    this.#host = host;
  }

  append(entry: AuditEntry): void {
    const line = JSON.stringify({ time: new Date().toISOString(), host: this.#host, ...entry });
    appendFileSync(this.path, `${redact(line)}\n`, { mode: 0o600 });
  }
}
