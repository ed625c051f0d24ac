import type { StoreChange } from '../model.js';
import type { Store } from '../store.js';
import { pageMessage, type PageMessage } from './page-message.js';

/** What the page's live feed sends: messages to put in place, a message gone, or everything gone. */
export type PageEvent =
  | { type: 'upsert'; channel: string; messages: PageMessage[] }
  | { type: 'delete'; channel: string; ts: string; parent?: PageMessage }
  | { type: 'reset' };

/**
 * Turns one store change into the page's event. A reply also re-sends its parent, whose reply
 * count changed; pins and reactions re-send the message that carries them.
 */
export function pageEvent(store: Store, change: StoreChange): PageEvent {
  if (change.kind === 'reset') return { type: 'reset' };
  if (change.kind === 'message_deleted') {
    const parentTs = change.previous.threadTs;
    const parent = parentTs ? store.message(change.channel, parentTs) : undefined;
    return { type: 'delete', channel: change.channel, ts: change.previous.ts, ...(parent ? { parent: pageMessage(parent) } : {}) };
  }
  const messages = [pageMessage(change.message)];
  const parentTs = change.kind === 'message_posted' ? change.message.threadTs : undefined;
  const parent = parentTs ? store.message(change.channel, parentTs) : undefined;
  if (parent) messages.unshift(pageMessage(parent));
  return { type: 'upsert', channel: change.channel, messages };
}
