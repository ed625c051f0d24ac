import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Journal, Phase } from '../../src/agent/executor/index.js';
import { backoffDelay } from '../../src/supervisor/backoff.js';
import { guardDecision } from '../../src/supervisor/guard.js';

const deadline = 10_000;

function journal(phase: Phase, changes: Partial<Journal> = {}, restart: Journal['config']['restart'] = { kind: 'exit' }): Journal {
  return {
    v: 1,
    rollout: 'r',
    token: 't',
    fromSha: 'a'.repeat(40),
    toSha: 'b'.repeat(40),
    phase,
    deadline,
    bootAttempts: 0,
    reason: null,
    logTail: null,
    stepPid: null,
    history: [],
    config: {
      repoDir: '/srv/app',
      remote: 'origin',
      branch: 'main',
      journalPath: '/var/lib/troupe/journal.json',
      build: [],
      restart,
      health: null,
      healthDeadlineMs: 5000,
      healthIntervalMs: 100,
      soakMs: 0,
      maxBootAttempts: 3,
      env: {},
    },
    ...changes,
  };
}

const crash = { kind: 'crash', how: 'exit code 1' } as const;
const tick = { kind: 'tick' } as const;

describe('guardDecision (I4)', () => {
  it('counts crashes of the new code, then reverts at maxBootAttempts', () => {
    assert.deepEqual(guardDecision(journal('restarting'), crash, 1000, 0), { action: 'count', bootAttempts: 1 });
    assert.deepEqual(guardDecision(journal('checking', { bootAttempts: 1 }), crash, 1000, 0), { action: 'count', bootAttempts: 2 });
    const decision = guardDecision(journal('restarting', { bootAttempts: 2 }), crash, 1000, 0);
    assert.equal(decision.action, 'revert');
    assert.match(decision.action === 'revert' ? decision.reason : '', /crash loop: bbbbbbbbbbbb exited 3 times after the restart \(last: exit code 1\)/);
  });

  it('counts crashes of an agent restarted mid-switch, mid-build or mid-revert (the tree may hold the new code)', () => {
    for (const phase of ['switching', 'building', 'reverting'] as const) {
      assert.deepEqual(guardDecision(journal(phase, { deadline: null }), crash, 1000, 0), { action: 'count', bootAttempts: 1 }, phase);
      const decision = guardDecision(journal(phase, { deadline: null, bootAttempts: 2 }), crash, 1000, 0);
      assert.match(decision.action === 'revert' ? decision.reason : '', new RegExp(`exited 3 times while ${phase}`), phase);
    }
  });

  it('reverts a crash after the deadline at once', () => {
    assert.equal(guardDecision(journal('soaking'), crash, deadline + 1, 0).action, 'revert');
  });

  it('reverts new code that never reached its health check by the deadline, or hangs in it past the grace', () => {
    assert.equal(guardDecision(journal('restarting'), tick, deadline - 1, 0).action, 'none');
    assert.equal(guardDecision(journal('restarting'), tick, deadline + 1, 0).action, 'revert');
    assert.equal(guardDecision(journal('checking'), tick, deadline + 1, 500).action, 'none');
    assert.equal(guardDecision(journal('checking'), tick, deadline + 501, 500).action, 'revert');
  });

  it('leaves alone managed services, old code, finished updates and no journal', () => {
    const service = { kind: 'command', argv: ['restart'], timeoutMs: 1 } as const;
    assert.equal(guardDecision(journal('restarting', {}, service), crash, deadline + 1, 0).action, 'none');
    for (const phase of ['claimed', 'done', 'guard-reverting', 'revert-restarting', 'revert-checking', 'reverted'] as const) {
      assert.equal(guardDecision(journal(phase), crash, deadline + 1, 0).action, 'none', phase);
    }
    assert.equal(guardDecision(null, crash, 0, 0).action, 'none');
  });
});

describe('backoffDelay', () => {
  it('doubles per crash in a row up to the maximum', () => {
    const policy = { initialMs: 100, maxMs: 1000, resetAfterMs: 5000 };
    assert.deepEqual([1, 2, 3, 4, 5, 40].map((n) => backoffDelay(policy, n)), [100, 200, 400, 800, 1000, 1000]);
  });
});
