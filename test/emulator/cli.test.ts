import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { LogLevel, WebClient } from '@slack/web-api';
import { troupe } from '../helpers/cli.js';
import { retryConfig } from './helpers.js';

interface StartLine {
  apiUrl: string;
  botToken: string;
  appToken: string;
  channel: string;
  team: string;
  users: { alice: string; mallory: string };
}

/** Starts `troupe emulator --json`, returns its start line and a stop() that SIGTERMs it and gives the exit code. */
async function startEmulator(args: string[]) {
  const child = troupe(['emulator', '--json', ...args]);
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', () => reject(new Error('the emulator exited before printing its start line')));
  });
  return {
    start: JSON.parse(first) as StartLine,
    stop: async () => {
      child.kill('SIGTERM');
      return (await child).exitCode;
    },
  };
}

test('troupe emulator --json prints one start line, serves the official client, persists --data, and exits 0 on SIGTERM', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'troupe-emulator-cli-'));
  const data = join(dir, 'slack.json');
  try {
    const first = await startEmulator(['--data', data, '--rate-limits', 'off']);
    assert.deepEqual(Object.keys(first.start).sort(), ['apiUrl', 'appToken', 'botToken', 'channel', 'team', 'users']);
    assert.match(first.start.apiUrl, /^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
    assert.match(first.start.botToken, /^xoxb-/);
    assert.match(first.start.appToken, /^xapp-/);
    assert.deepEqual(Object.keys(first.start.users).sort(), ['alice', 'mallory']);
    const web = new WebClient(first.start.botToken, { slackApiUrl: first.start.apiUrl, retryConfig, logLevel: LogLevel.ERROR });
    const { ts } = await web.chat.postMessage({ channel: first.start.channel, text: 'kept across restarts' });
    assert.equal(await first.stop(), 0);

    const second = await startEmulator(['--data', data]);
    const again = new WebClient(second.start.botToken, { slackApiUrl: second.start.apiUrl, retryConfig, logLevel: LogLevel.ERROR });
    const history = await again.conversations.history({ channel: second.start.channel });
    assert.deepEqual(history.messages?.map((m) => [m.ts, m.text]), [[ts, 'kept across restarts']]);
    assert.equal(await second.stop(), 0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('bad options exit 2 with a message that says what to do', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'troupe-emulator-cli-'));
  try {
    const rate = await troupe(['emulator', '--rate-limits', 'fast']);
    assert.equal(rate.exitCode, 2);
    assert.match(String(rate.stderr), /--rate-limits must be slack, off or a positive number/);
    const seedFile = join(dir, 'seed.json');
    await writeFile(seedFile, JSON.stringify({ team: { id: 'T1X', name: 't', domain: 'd' }, channels: [], bot: {}, users: [] }));
    const seed = await troupe(['emulator', '--seed', seedFile]);
    assert.equal(seed.exitCode, 2);
    assert.match(String(seed.stderr), /seed\.json: channels: .*leave out --seed/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
