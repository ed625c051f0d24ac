import { readFileSync, statSync } from 'node:fs';
import { ConfigError } from './config-error.js';

/**
 * Reads a token from a file that only its owner may read. Refuses a file that the group or others
 * can read or write, or that belongs to someone else, and says how to fix it.
 */
export function readTokenFile(path: string, key: string, configFile: string): string {
  let mode: number;
  let uid: number;
  try {
    ({ mode, uid } = statSync(path));
  } catch (error) {
    throw new ConfigError(
      `${configFile}: ${key}: cannot read the token file ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}); check the path`,
      { cause: error },
    );
  }
  if ((mode & 0o077) !== 0) {
    const octal = (mode & 0o777).toString(8);
    throw new ConfigError(
      `${configFile}: ${key}: the token file ${path} is readable by others (mode ${octal}); refusing to start. Run: chmod 600 ${path}`,
    );
  }
  if (typeof process.getuid === 'function' && uid !== process.getuid()) {
    throw new ConfigError(
      `${configFile}: ${key}: the token file ${path} belongs to another user (uid ${uid}); it must be owned by the user the agent runs as`,
    );
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch (error) {
    throw new ConfigError(
      `${configFile}: ${key}: cannot read the token file ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}); the agent's user needs read permission`,
      { cause: error },
    );
  }
  if (text.length === 0) throw new ConfigError(`${configFile}: ${key}: the token file ${path} is empty`);
  return text;
}
