import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { LogLevel, WebClient } from '@slack/web-api';
import { encodeRecord } from '../../src/slackmq/records.js';
import type { ChatMetadata } from '../../src/slackmq/thread.js';
import { RolloutFleet } from './helpers/rollout-fleet.js';

let fleet: RolloutFleet;
before(async () => {
  // Slow builds leave time to kill a holder in the middle of one.
  fleet = await RolloutFleet.start({ env: { BUILD_DELAY_MS: '2500' } });
});
after(() => fleet?.stop());

/** The pid of the agent process a host runs now (from the timeline it writes). */
function agentPid(host: string): number {
  const ups = readFileSync(fleet.timeline, 'utf8').split('\n').filter((l) => l.startsWith(`up ${host} `));
  return Number(ups.at(-1)?.split(' ')[2]);
}

function progress(ts: string, host: string, phase: string): boolean {
  return fleet.records(ts).some((r) => r.kind === 'progress' && r.payload.host === host && r.payload.phase === phase);
}

test('SIGKILL of the holder mid-build and mid-restart: the restarted agent resumes from its journal and finishes', async () => {
  const ts = await fleet.command('deploy rolling v2');
  await fleet.waitFor('web-1 building', () => progress(ts, 'web-1', 'building'));
  const first = agentPid('web-1');
  process.kill(first, 'SIGKILL');
  await fleet.waitFor('web-2 restarting', () => progress(ts, 'web-2', 'restarting'));
  const old = agentPid('web-2');
  const fresh = await fleet.waitFor('the new web-2 process', () => (agentPid('web-2') !== old ? agentPid('web-2') : 0));
  process.kill(fresh, 'SIGKILL');
  await fleet.waitFor('three done records', () => fleet.kinds(ts).filter((k) => k === 'done').length === 3);
  const claims = fleet.records(ts).filter((r) => r.kind === 'claim').map((r) => r.payload.host);
  assert.deepEqual(claims, ['web-1', 'web-2', 'web-3'], 'each host claimed once: the restarted holder carried its claim on');
  for (const name of fleet.hosts.keys()) assert.equal(await fleet.head(name), fleet.origin.shas.v2);
  assert.equal(fleet.maxDown(), 1);
});

let haltedTs = '';

test('a holder that never comes back: its lease expires, the lock is broken, the rollout halts with "lost host"', async () => {
  const ts = await fleet.command('deploy rolling v1');
  haltedTs = ts;
  await fleet.waitFor('web-1 building', () => progress(ts, 'web-1', 'building'));
  const web1 = fleet.get('web-1');
  const pid = agentPid('web-1');
  web1.supervisor?.kill('SIGKILL');
  process.kill(pid, 'SIGKILL');
  const halted = await fleet.waitFor('a halt', () => fleet.records(ts).find((r) => r.kind === 'halted'));
  assert.equal(halted.payload.code, 'lost');
  assert.match(String(halted.payload.reason), /lost host web-1/);
  assert.ok(fleet.kinds(ts).includes('break'));
  assert.equal(await fleet.head('web-2'), fleet.origin.shas.v2, 'web-2 was not touched');
  assert.equal(await fleet.head('web-3'), fleet.origin.shas.v2, 'web-3 was not touched');
});

test('a claim the thread never asked for, left by a process that ended before its check: the restarted agent withdraws it and posts no failure', async () => {
  // The host next in line claims when the pin of the turn ahead goes, before it reads the thread
  // (DESIGN §5.2). Its process can end between that claim and its check: here web-3's claim lands
  // in the rollout that halted above, while web-3 is down, as such a claim would.
  const ts = haltedTs;
  assert.ok(ts, 'the rollout of the test before');
  const web3 = fleet.get('web-3');
  const pid = agentPid('web-3');
  web3.supervisor?.kill('SIGKILL');
  process.kill(pid, 'SIGKILL');
  // The winning break reserves the lock for its breaker for the grace (9 s): a claim in it is dead.
  const broke = Number(fleet.records(ts).find((r) => r.kind === 'break')?.ts);
  await sleep(Math.max(0, (broke + 11) * 1000 - Date.now()));
  const bot = new WebClient(fleet.slack.botToken, { slackApiUrl: fleet.slack.apiUrl, logLevel: LogLevel.ERROR });
  // The winning breaker removes the pin within the grace; were it still there, the claim would serve it.
  await bot.pins.add({ channel: fleet.slack.channel, timestamp: ts }).catch((error: { data?: { error?: string } }) => {
    if (error.data?.error !== 'already_pinned') throw error;
  });
  const head = await fleet.head('web-3');
  const claim = encodeRecord('claim', { v: 1, host: 'web-3', nonce: 'n-crash', lease_s: 20, from_sha: head, to_sha: fleet.origin.shas.v1 });
  const posted = await bot.chat.postMessage({ channel: fleet.slack.channel, thread_ts: ts, text: claim.text, metadata: claim.metadata as ChatMetadata });
  fleet.startHost('web-3');
  const release = await fleet.waitFor('web-3 lets its claim go', () => fleet.records(ts).find((r) => r.kind === 'release' && r.payload.host === 'web-3'));
  assert.equal(release.payload.token, posted.ts);
  assert.equal(release.payload.result, 'withdrawn');
  assert.deepEqual(fleet.records(ts).filter((r) => r.kind === 'failed').map((r) => r.payload.host), [], 'no failure for a turn that never came');
  await fleet.waitFor('the pin removed', () => !fleet.messages().find((m) => m.ts === ts)?.pinned_to?.length);
  assert.equal(await fleet.head('web-3'), head, 'web-3 was not touched');
});
