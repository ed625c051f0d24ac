import { constants } from 'node:fs';
import { access, open, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fail, pass, type CheckResult } from './check.js';
import type { DoctorConfig } from './doctor-config.js';

/**
 * The state directory (journal, audit log) takes a file written and synced, as the journal's
 * atomic writes need. A directory that does not exist yet passes if the agent can create it.
 */
export async function checkStateDir(config: DoctorConfig): Promise<CheckResult> {
  const dir = config.stateDir;
  const found = await stat(dir).catch(() => undefined);
  if (!found) return checkCreatable(dir);
  if (!found.isDirectory()) return fail('state-dir', `${dir} is a file, not a directory`, `move it away, or set stateDir in ${config.file}`);
  const probe = join(dir, `.troupe-doctor-${process.pid}`);
  try {
    const file = await open(probe, 'wx', 0o600);
    try {
      await file.writeFile('probe\n');
      await file.sync();
    } finally {
      await file.close();
    }
    await unlink(probe);
    return pass('state-dir', `${dir} is writable`);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return fail(
      'state-dir',
      `cannot write in ${dir} (${code})`,
      code === 'EROFS'
        ? `add ${dir} to ReadWritePaths= in the unit (install.sh --state-dir does it)`
        : `give it to the agent's user: sudo chown -R troupe: ${dir} && sudo chmod 700 ${dir}`,
    );
  }
}

async function checkCreatable(dir: string): Promise<CheckResult> {
  let parent = dirname(dir);
  let found = await stat(parent).catch(() => undefined);
  while (!found && parent !== dirname(parent)) {
    parent = dirname(parent);
    found = await stat(parent).catch(() => undefined);
  }
  if (found && !found.isDirectory()) {
    return fail('state-dir', `${dir} cannot be created: ${parent} is a file`, 'set stateDir to a directory path (the unit expects /var/lib/troupe)');
  }
  try {
    await access(parent, constants.W_OK);
    return pass('state-dir', `${dir} does not exist yet; the agent will create it in ${parent}`);
  } catch {
    return fail('state-dir', `${dir} does not exist and ${parent} is not writable`, `create it: sudo install -d -o troupe -g troupe -m 700 ${dir}`);
  }
}
