import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { demoChildEnv } from './child-env.js';
import type { PreparedHost } from './demo-host.js';

/** How this troupe is started (`node bin/troupe.js`, or with a loader during development). */
export function selfInvocation(): string[] {
  const entry = process.argv[1];
  if (!entry) throw new Error('cannot tell how troupe was started (no script in process.argv)');
  return [process.execPath, ...process.execArgv, entry];
}

/**
 * Starts one host's agent under `troupe supervise` (restart on exit 75, back-off on crashes, the
 * update guard on the host's journal), in its own process group, output appended to the host's
 * agent log (written afresh at each start).
 */
export function startSupervisedAgent(host: PreparedHost, self: string[]): ChildProcess {
  const [program, ...prefix] = self;
  if (!program) throw new Error('no troupe to start');
  const journal = join(host.stateDir, 'update.json');
  const args = [...prefix, 'supervise', '--journal', journal, '--', ...self, 'agent', '--config', host.config];
  const log = openSync(host.agentLog, 'w');
  try {
    return spawn(program, args, { stdio: ['ignore', log, log], detached: true, env: demoChildEnv(process.env, host.env) });
  } finally {
    closeSync(log);
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is gone already.
  }
}

/**
 * Stops supervised agents: SIGTERM to each supervisor (it forwards it to its agent, which hands
 * back what it holds), then, after `graceMs`, SIGKILL to whatever is left of each process group.
 */
export async function stopSupervisedAgents(children: ChildProcess[], graceMs = 8000): Promise<void> {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
  await Promise.race([Promise.all(children.map(exited)), late]);
  clearTimeout(timer);
  for (const child of children) killGroup(child.pid, 'SIGKILL');
  await Promise.all(children.map(exited));
}
