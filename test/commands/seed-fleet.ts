import { WebClient } from '@slack/web-api';
import type { LocalSlack } from '../../src/emulator/api.js';
import { encodeProtocolRecord } from '../../src/protocol/records.js';
import { encodeRecord } from '../../src/slackmq/records.js';

export const OLD_SHA = '3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39';
export const NEW_SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
export const retryConfig = { retries: 2, factor: 1, minTimeout: 50, maxTimeout: 200 };

export function botClient(slack: LocalSlack): WebClient {
  return new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig, headers: { 'X-Troupe-Client': 'seed' } });
}

export interface SeededFleet {
  rosterTs: string;
  rolloutTs: string;
  /** web-2's claim: the current fencing token. */
  token: string;
  personPinTs: string;
}

/**
 * What three agents would have written mid-rollout, posted through the official client with the
 * protocol's own encoders: a roster with three agents, `deploy rolling main` with its plan, web-1
 * done and released, web-2 holding the pin and building, and a person's pin.
 */
export async function seedRollingFleet(slack: LocalSlack, leaseS = 120): Promise<SeededFleet> {
  const bot = botClient(slack);
  const channel = slack.channel;
  const post = async (thread_ts: string | undefined, record: { text: string; metadata: object }) =>
    (await bot.chat.postMessage({ channel, ...(thread_ts ? { thread_ts } : {}), text: record.text, metadata: record.metadata as never })).ts as string;
  const rosterTs = await post(undefined, encodeProtocolRecord('roster', {}));
  const now = Date.now() / 1000;
  for (const host of ['web-1', 'web-2', 'web-3']) {
    const state = host === 'web-2' ? 'updating' : 'healthy';
    const sha = host === 'web-1' ? NEW_SHA : OLD_SHA;
    await post(rosterTs, encodeProtocolRecord('agent', { host, agent_id: `${host}-a1`, version: '0.4.1', sha, state, started: now - 600, heartbeat: now, interval_s: 30, connection: host === 'web-3' ? 'poll' : 'socket' }));
  }
  const { ts: rolloutTs } = await slack.postAsUser({ user: 'alice', text: 'deploy rolling main' });
  await post(rolloutTs, encodeProtocolRecord('plan', { mode: 'rolling', ref: 'main', sha: NEW_SHA, order: ['web-1', 'web-2', 'web-3'], batch: 1, max_failures: 0, lease_s: leaseS, health_deadline_s: 60, soak_s: 0 }));
  await bot.pins.add({ channel, timestamp: rolloutTs });
  const first = await post(rolloutTs, encodeRecord('claim', { v: 1, host: 'web-1', nonce: 'n-web-1', lease_s: leaseS, from_sha: OLD_SHA, to_sha: NEW_SHA }));
  await post(rolloutTs, encodeProtocolRecord('done', { host: 'web-1', sha: NEW_SHA, from_sha: OLD_SHA, token: first }));
  await post(rolloutTs, encodeRecord('release', { v: 1, host: 'web-1', nonce: 'n-web-1', token: first, result: 'done' }));
  const token = await post(rolloutTs, encodeRecord('claim', { v: 1, host: 'web-2', nonce: 'n-web-2', lease_s: leaseS, from_sha: OLD_SHA, to_sha: NEW_SHA }));
  await post(rolloutTs, encodeProtocolRecord('progress', { host: 'web-2', phase: 'building', sha: NEW_SHA, token }));
  const { ts: personPinTs } = await slack.postAsUser({ user: 'alice', text: 'maintenance window friday' });
  await slack.pinAsUser({ user: 'alice', timestamp: personPinTs });
  return { rosterTs, rolloutTs, token, personPinTs };
}
