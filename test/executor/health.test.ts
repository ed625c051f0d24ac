import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Clock, CommandRunner } from '../../src/agent/executor/index.js';
import { soak, waitHealthy } from '../../src/agent/executor/health.js';

/** A clock that only moves when someone sleeps. */
function fakeClock(): Clock {
  let now = 0;
  return { now: () => now, sleep: async (ms) => void (now += ms) };
}

/** A health command that answers from a script of results, one per call (the last repeats). */
function scripted(results: boolean[]): { run: CommandRunner; calls: () => number } {
  let calls = 0;
  const run: CommandRunner = async () => {
    const ok = results[Math.min(calls, results.length - 1)] ?? false;
    calls += 1;
    return { ok, exitCode: ok ? 0 : 1, timedOut: false, output: ok ? 'ok' : 'db down', summary: ok ? 'exit code 0' : 'exit code 1' };
  };
  return { run, calls: () => calls };
}

const spec = { kind: 'command', argv: ['check'], timeoutMs: 100 } as const;

describe('health checks with a deadline (fake clock)', () => {
  it('retries until the first healthy probe', async () => {
    const { run, calls } = scripted([false, false, true]);
    const probe = await waitHealthy(spec, '/srv', {}, { deadline: 1000, intervalMs: 100 }, { run, clock: fakeClock(), fetch });
    assert.equal(probe.healthy, true);
    assert.equal(calls(), 3);
  });

  it('gives up once the next probe would be past the deadline, with the last probe as the reason', async () => {
    const { run, calls } = scripted([false]);
    const probe = await waitHealthy(spec, '/srv', {}, { deadline: 450, intervalMs: 100 }, { run, clock: fakeClock(), fetch });
    assert.equal(probe.healthy, false);
    assert.equal(calls(), 5);
    assert.match(probe.detail, /^not healthy by the deadline; last probe: check: exit code 1\ndb down/);
  });

  it('a soak fails at the first unhealthy probe and passes when all are healthy', async () => {
    const failing = scripted([true, true, false, true]);
    const failed = await soak(spec, '/srv', {}, { soakMs: 1000, intervalMs: 100 }, { run: failing.run, clock: fakeClock(), fetch });
    assert.equal(failed.healthy, false);
    assert.equal(failing.calls(), 3);
    assert.match(failed.detail, /^unhealthy while soaking/);
    const healthy = scripted([true]);
    assert.equal((await soak(spec, '/srv', {}, { soakMs: 1000, intervalMs: 100 }, { run: healthy.run, clock: fakeClock(), fetch })).healthy, true);
    assert.equal(healthy.calls(), 10);
  });

  it('an HTTP check that cannot connect is unhealthy and says why', async () => {
    const refused: typeof fetch = async () => {
      throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') });
    };
    const http = { kind: 'http', url: 'http://127.0.0.1:9/health', timeoutMs: 100 } as const;
    const probe = await waitHealthy(http, '/srv', {}, { deadline: 0, intervalMs: 100 }, { run: scripted([]).run, clock: fakeClock(), fetch: refused });
    assert.equal(probe.healthy, false);
    assert.match(probe.detail, /GET http:\/\/127\.0\.0\.1:9\/health failed: connect ECONNREFUSED/);
  });
});
