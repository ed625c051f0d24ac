import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { LocalSlack } from '../emulator/api.js';

interface SnapshotMessage {
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

/** The hosts whose roster reply says `idle` (ready for commands). */
export function idleHosts(messages: SnapshotMessage[]): Set<string> {
  return new Set(
    messages
      .filter((m) => m.metadata?.event_type === 'troupe_agent' && m.metadata.event_payload?.state === 'idle')
      .map((m) => String(m.metadata?.event_payload?.host)),
  );
}

/** Whether the agent's log says it reads commands: a command posted before that is never its business. */
function serving(log: string): boolean {
  try {
    return / serving /.test(readFileSync(log, 'utf8'));
  } catch {
    return false;
  }
}

/**
 * Waits until every host is idle in the roster and reads commands (an agent starts reading after
 * the newest message it finds at its first start); fails early when a supervisor has exited.
 */
export async function waitForRoster(slack: LocalSlack, hosts: { name: string; agentLog: string }[], timeoutMs: number, children: ChildProcess[]): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const idle = idleHosts(slack.snapshot() as SnapshotMessage[]);
    if (hosts.every((host) => idle.has(host.name) && serving(host.agentLog))) return;
    const dead = children.find((child) => child.exitCode !== null || child.signalCode !== null);
    if (dead) throw new Error(`an agent's supervisor exited (${dead.exitCode ?? dead.signalCode}) before the fleet was ready; see the hosts' agent.log`);
    if (Date.now() > deadline) {
      const missing = hosts.filter((host) => !idle.has(host.name) || !serving(host.agentLog)).map((host) => host.name).join(', ');
      throw new Error(`${missing} did not report idle in the roster within ${timeoutMs / 1000}s; see their agent.log`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
