/**
 * Hands out Slack message timestamps (`^\d{10}\.\d{6}$`): wall-clock microseconds, strictly
 * increasing across the whole workspace, so they are unique and ordered within every channel.
 */
export class TsClock {
  private lastMicros = 0n;

  constructor(private readonly now: () => number = Date.now) {}

  next(): string {
    const wall = BigInt(this.now()) * 1000n;
    this.lastMicros = wall > this.lastMicros ? wall : this.lastMicros + 1n;
    return formatTs(this.lastMicros);
  }

  /** Never hand out a ts at or below one already stored (after loading a data file). */
  observe(ts: string): void {
    const micros = parseTsMicros(ts);
    if (micros > this.lastMicros) this.lastMicros = micros;
  }
}

export const TS_PATTERN = /^\d{10}\.\d{6}$/;

export function formatTs(micros: bigint): string {
  const text = micros.toString().padStart(16, '0');
  return `${text.slice(0, -6)}.${text.slice(-6)}`;
}

export function parseTsMicros(ts: string): bigint {
  const [seconds = '0', fraction = ''] = ts.split('.');
  return BigInt(seconds) * 1_000_000n + BigInt((fraction + '000000').slice(0, 6));
}

/** Compares two ts strings numerically (they are fixed-width when well formed). */
export function compareTs(a: string, b: string): number {
  const x = parseTsMicros(a);
  const y = parseTsMicros(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
