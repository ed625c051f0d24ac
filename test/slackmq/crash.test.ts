import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { LockHeldError, PinLock, type Lease } from '../../src/slackmq/index.js';
import { startHarness, type Harness } from './local-slack.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

const timing = { lockDelayS: 1, graceS: 2 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function spawnHolder(ts: string, host: string) {
  const script = fileURLToPath(new URL('./fixtures/hold-lock.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, LOCK_HOST: host, LOCK_TOKEN: h.slack.botToken, LOCK_API_URL: h.slack.apiUrl, LOCK_CHANNEL: h.slack.channel, LOCK_TS: ts, LOCK_LEASE_S: '2' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  return { child, token: (JSON.parse(line) as { token: string }).token };
}

/** Contenders retry acquireOrBreak until one holds the lock; returns the winner's lease and name. */
async function contend(ts: string, names: string[], untilMs: number) {
  const winners: { name: string; lease: Lease }[] = [];
  await Promise.all(
    names.map(async (name) => {
      const lock = new PinLock({ slack: h.client(name), channel: h.slack.channel, ts, host: name, leaseS: 2, timing });
      const end = Date.now() + untilMs;
      while (Date.now() < end && winners.length === 0) {
        try {
          winners.push({ name, lease: await lock.acquireOrBreak() });
        } catch (error) {
          if (!(error instanceof LockHeldError)) throw error;
          await sleep(200);
        }
      }
    }),
  );
  return winners;
}

test('a holder killed with SIGKILL: after lease + lock delay exactly one other breaks and takes the lock; I3 holds', async () => {
  const ts = await h.message('deploy rolling');
  const { child, token } = await spawnHolder(ts, 'web-1');
  child.kill('SIGKILL');
  await once(child, 'exit');
  const winners = await contend(ts, ['web-2', 'web-3', 'web-4'], 20_000);
  assert.equal(winners.length, 1);
  const records = h.records(ts);
  const breaks = records.filter((r) => r.kind === 'break');
  assert.ok(breaks.length >= 1);
  assert.ok(breaks.every((r) => r.kind === 'break' && r.payload.token === token));
  const removers = h.slack.callLog().filter((c) => c.method === 'pins.remove' && !c.error).map((c) => c.client);
  assert.equal(removers.length, 1, `pins.remove by ${removers.join(', ')}`);
  const winningBreak = breaks[0]!;
  assert.equal(removers[0], winningBreak.kind === 'break' && winningBreak.payload.host);
  assert.equal(winners[0]!.name, removers[0]);
  const dead = records.find((r) => r.ts === token);
  assert.ok(dead?.kind === 'claim');
  const lastBeat = Math.max(Number(dead.ts), Number(dead.editedTs ?? 0), dead.payload.beat_at ?? 0);
  assert.ok(Number(winningBreak.ts) >= lastBeat + 2 + 1, `break at ${winningBreak.ts}, lease + lock delay from ${lastBeat}`);
  const claim = records.find((r) => r.ts === winners[0]!.lease.token);
  assert.ok(claim && claim.ts > winningBreak.ts);
  await winners[0]!.lease.release();
  assert.equal(h.pinned(ts), false);
});
