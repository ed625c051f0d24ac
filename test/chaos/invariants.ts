/** The checks after a chaos run (DESIGN §4 I2, I3; §6 I4; §8 liveness), pure over what the run recorded. */

export interface LockEvent {
  kind: 'claim' | 'release' | 'break';
  host: string;
  /** Slack ts in milliseconds. */
  ms: number;
}

export interface PinRemoval {
  client: string;
  time: number;
}

/** I2: from the hosts' own timeline ("enter|leave HOST PID MS"), two hosts never inside at once. */
export function checkI2(lines: string[]): string[] {
  const events = lines.map((l) => l.split(' ')).map(([what, host, , ms]) => ({ what, host: host ?? '', ms: Number(ms) })).sort((a, b) => a.ms - b.ms);
  const inside = new Map<string, number>();
  const errors: string[] = [];
  for (const e of events) {
    if (e.what === 'enter') {
      const others = [...inside.keys()].filter((h) => h !== e.host);
      if (others.length > 0) errors.push(`I2: ${e.host} entered at ${e.ms} while ${others.join(', ')} inside`);
      inside.set(e.host, e.ms);
    } else {
      inside.delete(e.host);
    }
  }
  return errors;
}

/**
 * I3: every pin removal that succeeded was made by a host whose last lock record before it
 * was its own release or break, with no other host's claim in between.
 */
export function checkI3(removals: PinRemoval[], records: LockEvent[]): string[] {
  const errors: string[] = [];
  for (const r of removals) {
    // The call log notes a removal when the local Slack answers it; a record's ts is set by the
    // same clock when it is posted, so what was posted after the removal is not "before" it
    // (a breaker removes the pin, then pins it again and claims within milliseconds).
    const before = records.filter((e) => e.ms <= r.time + 1).sort((a, b) => a.ms - b.ms);
    const own = before.filter((e) => e.host === r.client).at(-1);
    if (!own || own.kind === 'claim') {
      errors.push(`I3: ${r.client} removed a pin at ${r.time} without a release or break of its own before it`);
      continue;
    }
    const claimAfter = before.find((e) => e.kind === 'claim' && e.host !== r.client && e.ms > own.ms);
    if (claimAfter) errors.push(`I3: ${r.client} removed a pin at ${r.time} after ${claimAfter.host} claimed at ${claimAfter.ms}`);
  }
  return errors;
}

export interface HostEnd {
  host: string;
  head: string;
  clean: boolean;
  /** The executor journal's phase, if one is left. */
  journalPhase?: string;
  done: boolean;
}

const FINAL = new Set(['done', 'reverted', 'revert-failed']);

/** I4 and no half-updated host: on the target or the previous sha, clean, nothing unfinished; done means on the target. */
export function checkHosts(ends: HostEnd[], shas: { from: string; to: string }): string[] {
  const errors: string[] = [];
  for (const e of ends) {
    if (e.head !== shas.from && e.head !== shas.to) errors.push(`I4: ${e.host} is on ${e.head.slice(0, 12)}, neither the previous nor the target sha`);
    if (!e.clean) errors.push(`I4: ${e.host}'s working tree is not clean`);
    if (e.journalPhase && !FINAL.has(e.journalPhase)) errors.push(`I4: ${e.host} left an unfinished update (phase ${e.journalPhase})`);
    if (e.done && e.head !== shas.to) errors.push(`I4: ${e.host} reported done but is on ${e.head.slice(0, 12)}`);
  }
  return errors;
}

/** Nothing executed twice on a host; with `all`, every host ran it once. */
export function checkExecutions(lines: string[], hosts: string[], id: string, finished: boolean, interrupted: readonly string[] = []): string[] {
  const errors: string[] = [];
  for (const host of hosts) {
    const n = lines.filter((l) => l === `${host} ${id}`).length;
    if (n > 1) errors.push(`command ${id} ran ${n} times on ${host}`);
    if (finished && n === 0 && !interrupted.includes(host)) errors.push(`liveness: command ${id} never ran on ${host}`);
  }
  return errors;
}
