import { readFileSync } from 'node:fs';

/** One `Key=value` line of a systemd unit, with its section. */
export interface UnitEntry {
  section: string;
  key: string;
  value: string;
}

/** Reads a unit file's entries in order (comments and blank lines dropped; no line continuations). */
export function parseUnit(text: string): UnitEntry[] {
  const entries: UnitEntry[] = [];
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(\w+)\]$/.exec(line);
    if (header) {
      section = header[1]!;
      continue;
    }
    const pair = /^([A-Za-z][A-Za-z0-9]*)=(.*)$/.exec(line);
    if (!pair) throw new Error(`not a unit line: ${raw}`);
    entries.push({ section, key: pair[1]!, value: pair[2]! });
  }
  return entries;
}

/** The values of a key in a section, in order. */
export function values(entries: UnitEntry[], section: string, key: string): string[] {
  return entries.filter((entry) => entry.section === section && entry.key === key).map((entry) => entry.value);
}

export function readUnit(path: string): UnitEntry[] {
  return parseUnit(readFileSync(path, 'utf8'));
}
