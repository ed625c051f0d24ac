import { startLocalSlack, type RunningLocalSlack } from '../../src/emulator/index.js';
import type { LocalSlackOptions } from '../../src/emulator/api.js';
import { decodeRecords, lockClient, type LockRecord } from '../../src/slackmq/index.js';
import { LogLevel, type WebClient } from '@slack/web-api';

export interface Harness {
  slack: RunningLocalSlack;
  /** A lock client named `name` (the `X-Troupe-Client` header). */
  client(name: string): WebClient;
  /** A fresh top-level message to lock, posted by alice. */
  message(text?: string): Promise<string>;
  /** Whether the message is pinned, read without rate limits. */
  pinned(ts: string): boolean;
  /** The decoded records of a thread, read without rate limits. */
  records(ts: string): LockRecord[];
  close(): Promise<void>;
}

interface SnapshotMessage {
  ts: string;
  thread_ts?: string;
  pinned_to?: string[];
  metadata?: { event_type?: string };
}

export async function startHarness(options: LocalSlackOptions = { rateLimits: 'off' }): Promise<Harness> {
  const slack = await startLocalSlack(options);
  return {
    slack,
    client: (name) => lockClient(slack.botToken, { slackApiUrl: slack.apiUrl, headers: { 'X-Troupe-Client': name }, logLevel: LogLevel.ERROR }),
    message: async (text = 'hello') => (await slack.postAsUser({ user: 'alice', text })).ts,
    pinned: (ts) => {
      const messages = slack.snapshot() as SnapshotMessage[];
      return messages.some((m) => m.ts === ts && (m.pinned_to?.length ?? 0) > 0);
    },
    records: (ts) => decodeRecords((slack.snapshot() as SnapshotMessage[]).filter((m) => m.thread_ts === ts && m.ts !== ts)),
    close: () => slack.close(),
  };
}
