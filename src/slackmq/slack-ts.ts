/**
 * Slack message timestamps (`"1732712345.000200"`): assigned by Slack, unique and increasing
 * within a channel. They are the lock's clock and its fencing tokens, so they are compared as
 * strings of digits, never through floating point (16 significant digits do not fit a double).
 */

const TS = /^(\d{1,12})\.(\d{1,6})$/;

/** True for a well-formed Slack `ts`. */
export function isSlackTs(value: unknown): value is string {
  return typeof value === 'string' && TS.test(value);
}

/** Orders two well-formed timestamps: negative when `a` is earlier, 0 when equal, positive when later. */
export function compareTs(a: string, b: string): number {
  const [ai = '0', af = ''] = a.split('.');
  const [bi = '0', bf = ''] = b.split('.');
  const byInt = Number(ai) - Number(bi);
  if (byInt !== 0) return byInt;
  const fa = af.padEnd(6, '0');
  const fb = bf.padEnd(6, '0');
  return fa < fb ? -1 : fa > fb ? 1 : 0;
}

/** Seconds since the epoch, for lease arithmetic (microsecond precision is not needed there). */
export function tsToSeconds(ts: string): number {
  return Number(ts);
}

/** A Slack time in seconds rendered as a `ts`-shaped string (for display and payloads). */
export function secondsToTs(seconds: number): string {
  return seconds.toFixed(6);
}
