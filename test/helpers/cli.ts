import { execa, type Options } from 'execa';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const root = fileURLToPath(new URL('../..', import.meta.url));

/** Runs the built `troupe` binary (bin/troupe.js) as a user would, never throwing on exit codes. */
export function troupe(args: string[], options: Options = {}) {
  return execa(process.execPath, [`${root}bin/troupe.js`, ...args], { reject: false, cwd: root, ...options });
}
