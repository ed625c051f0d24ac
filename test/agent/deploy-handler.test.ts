import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AgentServices, DeployHandler, DeployRequest } from '../../src/agent/deploy-handler.js';
import type { SnapshotMessage } from './helpers/fleet.js';
import { startAgent } from './helpers/one-agent.js';

/** A deploy handler that records what the agent asks of it. */
class RecordingHandler implements DeployHandler {
  readonly calls: string[] = [];
  readonly requests: DeployRequest[] = [];
  constructor(readonly services: AgentServices) {}
  async resume(): Promise<void> {
    this.calls.push('resume');
  }
  async handle(request: DeployRequest): Promise<void> {
    this.calls.push(`handle ${request.command.kind}`);
    this.requests.push(request);
    this.services.setRosterStatus({ state: 'updating', sha: 'abcdef1234567' });
  }
  async stop(): Promise<void> {
    this.calls.push('stop');
  }
  statusText(): string {
    return 'rollout: none in flight (from the handler)';
  }
}

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('deploy commands reach the injected DeployHandler once; resume, status and stop are wired', async () => {
  let handler: RecordingHandler | undefined;
  const { slack, lines, running, stop, close } = await startAgent((services) => (handler = new RecordingHandler(services)));
  try {
    await until('the agent to serve', () => lines.some((l) => l.startsWith('serving')));
    assert.deepEqual(handler?.calls, ['resume']);
    const messages = () => slack.snapshot() as SnapshotMessage[];
    const canary = await slack.postAsUser({ user: 'alice', text: 'deploy canary v2' });
    const refused = await slack.postAsUser({ user: 'mallory', text: 'deploy abort' });
    const status = await slack.postAsUser({ user: 'alice', text: 'status' });
    const help = await slack.postAsUser({ user: 'alice', text: 'help' });
    const reply = (ts: string, pattern: RegExp) => messages().find((m) => m.thread_ts === ts && m.ts !== ts && pattern.test(m.text ?? ''));
    await until('the status reply', () => reply(status.ts, /from the handler/));
    await until('the help reply', () => reply(help.ts, /deploy canary/));
    await until('the refusal', () => reply(refused.ts, /Refused/));
    assert.deepEqual(handler?.requests.map((r) => [r.ts, r.user, r.command]), [[canary.ts, slack.users.alice, { kind: 'deploy', action: 'canary', ref: 'v2' }]]);
    const roster = await until('the roster to carry the handler status', () =>
      messages().find((m) => m.metadata?.event_type === 'troupe_agent' && m.metadata.event_payload?.state === 'updating'),
    );
    assert.equal(roster.metadata?.event_payload?.sha, 'abcdef1234567');
    stop();
    assert.equal(await running, 0);
    assert.deepEqual(handler?.calls, ['resume', 'handle deploy', 'stop']);
  } finally {
    await close();
  }
});

test('while its handler follows a rollout, the agent polls the channel at the smaller share, and at the idle one again after', async () => {
  let following = false;
  const handler = (): DeployHandler => ({ resume: async () => undefined, handle: async () => undefined, stop: async () => undefined, following: () => following });
  // rateScale 20: the idle share is a poll every 100 ms (the 200 ms floor applies), following one every 600 ms.
  const { slack, lines, close } = await startAgent(handler);
  const polls = () => slack.callLog().filter((c) => c.client === 'web-1' && c.method === 'conversations.history').length;
  const pollsOver = async (ms: number) => {
    const before = polls();
    await new Promise((resolve) => setTimeout(resolve, ms));
    return polls() - before;
  };
  try {
    await until('the agent to serve', () => lines.some((l) => l.startsWith('serving')));
    const idle = await pollsOver(3000);
    following = true;
    await pollsOver(1000);
    const whileFollowing = await pollsOver(3000);
    following = false;
    await pollsOver(1000);
    const after = await pollsOver(3000);
    assert.ok(idle >= 8, `idle: a poll about every 200 ms (${idle} in 3 s)`);
    assert.ok(whileFollowing <= 6, `following: a poll about every 600 ms (${whileFollowing} in 3 s)`);
    assert.ok(after >= 8, `after the rollout rests: the idle pace again (${after} in 3 s)`);
  } finally {
    await close();
  }
});

test('while its handler follows a rollout, the agent heartbeats as often but reads the roster one beat in three', async () => {
  let following = true;
  const handler = (): DeployHandler => ({ resume: async () => undefined, handle: async () => undefined, stop: async () => undefined, following: () => following });
  // One agent beats every 5 s (the floor); this handler reads nothing, so web-1's replies calls are its roster reads.
  const { slack, lines, close } = await startAgent(handler);
  const count = () => {
    const calls = slack.callLog().filter((c) => c.client === 'web-1');
    return { beats: calls.filter((c) => c.method === 'chat.update').length, reads: calls.filter((c) => c.method === 'conversations.replies').length };
  };
  const over = async (ms: number) => {
    const before = count();
    await new Promise((resolve) => setTimeout(resolve, ms));
    const now = count();
    return { beats: now.beats - before.beats, reads: now.reads - before.reads };
  };
  try {
    await until('the agent to serve', () => lines.some((l) => l.startsWith('serving')));
    const whileFollowing = await over(15_500);
    following = false;
    const after = await over(10_500);
    assert.ok(whileFollowing.beats >= 3, `following: a beat every 5 s (${whileFollowing.beats} in 15.5 s)`);
    assert.ok(whileFollowing.reads <= 1, `following: one roster read in three beats (${whileFollowing.reads} reads, ${whileFollowing.beats} beats)`);
    assert.ok(after.reads >= 2 && after.reads >= after.beats - 1, `after the rollout rests: a read with every beat (${after.reads} reads, ${after.beats} beats)`);
  } finally {
    await close();
  }
});
