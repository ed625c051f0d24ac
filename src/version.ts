import { readFileSync } from 'node:fs';

/** troupe's own version, read from package.json at start. */
export const version: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
