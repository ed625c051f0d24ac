import { decodeThread, isLockRecord } from '../protocol/records.js';
import type { RolloutState } from '../protocol/rollout-state.js';
import { slackToPlain } from '../protocol/slack-text.js';
import { decideLock, type LockView } from '../slackmq/decide.js';
import type { LockKind, LockRow, LockStatus } from '../ui/model.js';
import { isCommandMessage } from './channel-reader.js';
import { pinStates } from './rollout-rows.js';
import { rootOf, type ChannelSnapshot, type PinnedItem } from './snapshot.js';

const statusOf: Record<LockView['state'], LockStatus> = {
  free: 'released',
  reserved: 'broken',
  held: 'held',
  mine: 'held',
  expired: 'expired',
  unclaimed: 'unclaimed',
  broken: 'broken',
  lost: 'broken',
};

function firstLine(text: string | undefined): string {
  return slackToPlain(text ?? '').split('\n')[0]?.trim() ?? '';
}

function kindOf(pin: PinnedItem, snapshot: ChannelSnapshot, rollout: RolloutState | undefined): LockKind {
  if (snapshot.botUserId && pin.createdBy && pin.createdBy !== snapshot.botUserId) return 'person';
  if (rollout) return 'rollout';
  const root = snapshot.threads.get(rootOf(pin.message))?.[0] ?? pin.message;
  if (isCommandMessage(root)) return /^\s*run\b/i.test(slackToPlain(root.text ?? '')) ? 'run' : 'rollout';
  return 'other';
}

/** What the lock library makes of one pin: a rollout slot's lock, or the pinned thread's log (undefined: not read yet). */
function lockViewOf(pin: PinnedItem, snapshot: ChannelSnapshot, rollout: RolloutState | undefined, now: number): LockView | undefined {
  const slot = rollout?.slots.find((s) => s.messageTs === pin.message.ts);
  if (slot) return slot.lock;
  const thread = snapshot.threads.get(rootOf(pin.message));
  if (!thread) return undefined;
  const records = decodeThread(thread)
    .filter(isLockRecord)
    .filter((r) => !snapshot.botId || r.author === snapshot.botId);
  return decideLock(records, pinStates(snapshot).get(pin.message.ts), now);
}

/** Every pin of the channel as a row: its kind, holder, token and lease (DESIGN §4). */
export function lockRows(snapshot: ChannelSnapshot, rollouts: RolloutState[], now: number): LockRow[] {
  return snapshot.pins.map((pin) => {
    const root = rootOf(pin.message);
    const rollout = rollouts.find((r) => r.rolloutTs === root);
    const view = lockViewOf(pin, snapshot, rollout, now);
    const claim = view && (view.state === 'held' || view.state === 'mine' || view.state === 'expired') ? view.claim : undefined;
    const title = firstLine(snapshot.threads.get(root)?.[0]?.text ?? pin.message.text);
    return {
      ts: pin.message.ts,
      kind: kindOf(pin, snapshot, rollout),
      title: root === pin.message.ts ? title : `slot of ${title}`,
      status: view ? statusOf[view.state] : 'unknown',
      holder: claim?.host ?? (view?.state === 'reserved' ? view.by : undefined),
      token: claim?.token,
      leaseUntil: claim?.expiresAt,
      pinnedAt: pin.created,
      pinnedBy: pin.createdBy,
    };
  });
}
