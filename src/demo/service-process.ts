import { readFile } from 'node:fs/promises';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops the sample service named in `pidFile` (SIGTERM, then SIGKILL after `graceMs`); a missing or stale pid is fine. */
export async function stopService(pidFile: string, graceMs = 3000): Promise<void> {
  const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim());
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return;
  process.kill(pid, 'SIGTERM');
  for (let waited = 0; alive(pid) && waited < graceMs; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
  if (alive(pid)) process.kill(pid, 'SIGKILL');
}
