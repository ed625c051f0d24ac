import { LogLevel, WebClient } from '@slack/web-api';
import type { LocalSlack } from '../../src/emulator/api.js';
import { encodeProtocolRecord } from '../../src/protocol/records.js';
import { encodeRecord } from '../../src/slackmq/records.js';

const OLD = '3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39';
const NEW = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';

export interface BenchFleet {
  hosts: string[];
  rosterTs: string;
  agentTs: string[];
  rolloutTs: string;
  bot: WebClient;
}

type Record = { text: string; metadata: object };

/**
 * What `count` agents write during a rolling update, through the official client (which waits
 * out 429s): a roster with one reply per agent, `deploy rolling` with its plan over every host,
 * a third of the hosts done, and the next one holding the pin.
 */
export async function seedFleet(slack: LocalSlack, count: number): Promise<BenchFleet> {
  const bot = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, logLevel: LogLevel.ERROR, headers: { 'X-Troupe-Client': 'agents' } });
  const channel = slack.channel;
  const post = async (thread_ts: string | undefined, record: Record) =>
    (await bot.chat.postMessage({ channel, ...(thread_ts ? { thread_ts } : {}), text: record.text, metadata: record.metadata as never })).ts as string;
  const hosts = Array.from({ length: count }, (_, i) => `web-${String(i + 1).padStart(3, '0')}`);
  const rosterTs = await post(undefined, encodeProtocolRecord('roster', {}));
  const now = Date.now() / 1000;
  const agentTs: string[] = [];
  for (const host of hosts) {
    agentTs.push(await post(rosterTs, encodeProtocolRecord('agent', { host, agent_id: `${host}-a`, version: '0.4.1', sha: OLD, state: 'healthy', started: now, heartbeat: now, interval_s: 30, connection: 'socket' })));
  }
  const { ts: rolloutTs } = await slack.postAsUser({ user: 'alice', text: 'deploy rolling main' });
  await post(rolloutTs, encodeProtocolRecord('plan', { mode: 'rolling', ref: 'main', sha: NEW, order: hosts, batch: 1, max_failures: 0, lease_s: 600, health_deadline_s: 60, soak_s: 0 }));
  await bot.pins.add({ channel, timestamp: rolloutTs });
  const done = Math.floor(count / 3);
  for (const host of hosts.slice(0, done + 1)) {
    const nonce = `n-${host}`;
    const token = await post(rolloutTs, encodeRecord('claim', { v: 1, host, nonce, lease_s: 600, from_sha: OLD, to_sha: NEW }));
    if (host === hosts[done]) break;
    await post(rolloutTs, encodeProtocolRecord('done', { host, sha: NEW, from_sha: OLD, token }));
    await post(rolloutTs, encodeRecord('release', { v: 1, host, nonce, token, result: 'done' }));
  }
  return { hosts, rosterTs, agentTs, rolloutTs, bot };
}

/** Keeps the fleet alive while the dashboard watches: a progress record every 10 s, heartbeats every 30 s. */
export function driveFleet(slack: LocalSlack, fleet: BenchFleet): () => void {
  const channel = slack.channel;
  const holder = fleet.hosts[Math.floor(fleet.hosts.length / 3)] ?? 'web-001';
  let step = 0;
  const progress = setInterval(() => {
    step += 1;
    const record = encodeProtocolRecord('progress', { host: holder, phase: step % 2 ? 'building' : 'checking', sha: NEW });
    void fleet.bot.chat.postMessage({ channel, thread_ts: fleet.rolloutTs, text: record.text, metadata: record.metadata as never }).catch(() => undefined);
  }, 10_000);
  const beats = setInterval(() => {
    const now = Date.now() / 1000;
    fleet.hosts.forEach((host, i) => {
      const record = encodeProtocolRecord('agent', { host, agent_id: `${host}-a`, version: '0.4.1', sha: OLD, state: 'healthy', started: now, heartbeat: now, interval_s: 30, connection: 'socket' });
      const ts = fleet.agentTs[i];
      if (ts) void fleet.bot.chat.update({ channel, ts, text: record.text, metadata: record.metadata as never }).catch(() => undefined);
    });
  }, 30_000);
  return () => {
    clearInterval(progress);
    clearInterval(beats);
  };
}
