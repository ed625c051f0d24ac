import type { MessageClaimer } from './claim-once.js';
import type { Journal } from './journal.js';
import type { Logger } from './logger.js';
import { describe, MARKERS, type Thread } from './thread.js';
import type { AuditLog } from './audit-log.js';

export interface RecoverDeps {
  config: { host: string };
  journal: Journal;
  audit: AuditLog;
  logger: Logger;
  claimer: MessageClaimer;
}

/**
 * After a crash or a kill: every command the journal says was running is reported in its thread
 * as interrupted, never run again on this host, and a claim it held is released.
 */
export async function recoverInterrupted(deps: RecoverDeps, thread: (ts: string) => Thread): Promise<void> {
  for (const [ts, entry] of deps.journal.unfinished()) {
    const started = new Date(entry.at).toISOString().replace(/\.\d+Z$/, 'Z');
    try {
      const where = thread(ts);
      await where.reply(
        `⚠️ *${deps.config.host}* stopped while running this command (started ${started}) and has restarted. ` +
          `It is not run again on ${deps.config.host}; its result is unknown. Post the command again to run it.`,
      );
      await where.mark(MARKERS.failed);
      await where.unmark(MARKERS.running);
      if (entry.token && entry.nonce) await deps.claimer.release(ts, { token: entry.token, nonce: entry.nonce }, 'interrupted');
    } catch (error) {
      deps.logger.warn(`could not report interrupted command ${ts}: ${describe(error)}`);
    }
    deps.journal.record(ts, { ...entry, phase: 'interrupted' });
    deps.audit.append({ event: 'result', ts, ok: false, reason: 'interrupted: the agent stopped while it ran' });
  }
}
