import { execa, type ResultPromise } from 'execa';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from '../../helpers/cli.js';

/** A `troupe demo` started as a user would (the built binary, stdout not a terminal). */
export interface DemoProcess {
  child: ResultPromise;
  dir: string;
  /** The channel page (the local Slack's base URL). */
  url: string;
  output: () => string;
  cleanup: () => Promise<void>;
}

/** Starts `troupe demo --no-dashboard --dir <temp>` and waits for the channel's URL. */
export async function startDemo(hosts = 2): Promise<DemoProcess> {
  const dir = await mkdtemp(join(tmpdir(), 'troupe-demo-test-'));
  const child = execa(process.execPath, [`${root}bin/troupe.js`, 'demo', '--hosts', String(hosts), '--no-dashboard', '--dir', dir], { cwd: root, reject: false, all: true });
  let text = '';
  child.all?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the demo did not print the channel's URL in time:\n${text}`)), 120_000);
    const look = () => {
      const match = /Open the channel: (http:\/\/\S+)/.exec(text);
      if (match?.[1]) {
        clearTimeout(timer);
        child.all?.off('data', look);
        resolve(match[1]);
      }
    };
    child.all?.on('data', look);
    void child.then(() => reject(new Error(`the demo exited before it was ready:\n${text}`)));
  });
  return {
    child, dir, url, output: () => text,
    cleanup: async () => {
      if (child.exitCode === undefined || child.exitCode === null) child.kill('SIGINT');
      await child;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Posts as a person through the local Slack's control surface. */
export async function postAs(url: string, user: string, text: string, threadTs?: string): Promise<string> {
  const response = await fetch(`${url}_local/post`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user, text, ...(threadTs ? { thread_ts: threadTs } : {}) }) });
  const body = (await response.json()) as { ok: boolean; ts: string };
  if (!body.ok) throw new Error(`post refused: ${JSON.stringify(body)}`);
  return body.ts;
}

export interface SnapshotMessage {
  ts: string;
  text: string;
  thread_ts?: string;
  pinned_to?: string[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

export async function snapshot(url: string): Promise<SnapshotMessage[]> {
  const response = await fetch(`${url}_local/snapshot`);
  return ((await response.json()) as { messages: SnapshotMessage[] }).messages;
}

export async function waitUntil<T>(what: string, probe: () => Promise<T> | T, timeoutMs = 60_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
