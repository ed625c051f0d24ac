/**
 * Reactions for people (⏳ running, ✅ done, ❌ failed). They show state; the thread decides it.
 * Setting a marker adds its reaction and removes the other two; `already_reacted` and
 * `no_reaction` are the idempotent outcomes, not errors.
 */
import { callSlack, DEFAULT_RETRY, type CallContext } from './call-slack.js';
import { systemClock, systemRandom, type ReactionsPort } from './ports.js';

export const MARKERS = {
  running: 'hourglass_flowing_sand',
  done: 'white_check_mark',
  failed: 'x',
} as const;

export type Marker = keyof typeof MARKERS;

export interface MarkTarget {
  reactions: ReactionsPort;
  channel: string;
  ts: string;
  call?: CallContext;
}

const defaultCall: CallContext = { clock: systemClock, random: systemRandom, retry: DEFAULT_RETRY };

/** Adds one marker reaction (idempotent). */
export async function addMarker(target: MarkTarget, marker: Marker): Promise<void> {
  const { reactions, channel, ts } = target;
  await callSlack('reactions.add', () => reactions.add({ channel, timestamp: ts, name: MARKERS[marker] }), target.call ?? defaultCall, ['already_reacted']);
}

/** Removes one marker reaction (idempotent). */
export async function removeMarker(target: MarkTarget, marker: Marker): Promise<void> {
  const { reactions, channel, ts } = target;
  await callSlack('reactions.remove', () => reactions.remove({ channel, timestamp: ts, name: MARKERS[marker] }), target.call ?? defaultCall, ['no_reaction']);
}

/** Shows `marker` and only it: adds it first, then removes the others (so the message never shows none). */
export async function setMarker(target: MarkTarget, marker: Marker): Promise<void> {
  await addMarker(target, marker);
  for (const other of Object.keys(MARKERS) as Marker[]) {
    if (other !== marker) await removeMarker(target, other);
  }
}
