import assert from 'node:assert/strict';
import { after, beforeEach, describe, it } from 'node:test';
import { WebClient } from '@slack/web-api';
import { startLocalSlack, type RunningLocalSlack } from '../../src/emulator/index.js';
import { NotOperatorError, runUnlock, type UnlockDeps } from '../../src/commands/unlock.js';
import { lockClient } from '../../src/slackmq/lock-client.js';
import { seedRollingFleet, retryConfig, type SeededFleet } from './seed-fleet.js';

describe('troupe unlock', () => {
  let slack: RunningLocalSlack | undefined;
  let seeded: SeededFleet;
  let err: string[];
  let out: string[];
  let questions: string[];

  async function pinned(s: RunningLocalSlack): Promise<string[]> {
    const client = new WebClient(s.botToken, { slackApiUrl: s.apiUrl, retryConfig });
    const list = await client.pins.list({ channel: s.channel });
    return (list.items ?? []).map((i) => (i as { message?: { ts?: string } }).message?.ts ?? '');
  }

  function deps(s: RunningLocalSlack, answer: boolean): UnlockDeps {
    return {
      slack: lockClient(s.botToken, { slackApiUrl: s.apiUrl }),
      channel: s.channel,
      operators: [s.users.alice!],
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      confirm: async (q) => {
        questions.push(q);
        return answer;
      },
    };
  }

  beforeEach(async () => {
    await slack?.close();
    slack = await startLocalSlack({ rateLimits: 'off' });
    seeded = await seedRollingFleet(slack);
    err = [];
    out = [];
    questions = [];
  });
  after(() => slack?.close());

  it('refuses someone who is not an operator, before touching Slack', async () => {
    const s = slack!;
    const before = s.callLog().length;
    await assert.rejects(
      runUnlock({ ts: seeded.rolloutTs, reason: 'stuck', yes: true, as: s.users.mallory }, deps(s, true)),
      (error: unknown) => error instanceof NotOperatorError && /is not an operator of this fleet/.test(error.message),
    );
    assert.equal(s.callLog().length, before);
    assert.ok((await pinned(s)).includes(seeded.rolloutTs));
  });

  it('warns that the lease is live, shows the holder, and leaves the lock when not confirmed', async () => {
    const s = slack!;
    const code = await runUnlock({ ts: seeded.rolloutTs, reason: 'stuck', yes: false, as: s.users.alice }, deps(s, false));
    assert.equal(code, 1);
    assert.match(err.join(''), new RegExp(`held by web-2 \\(token ${seeded.token.replace('.', '\\.')}\\)`));
    assert.match(err.join(''), /Warning: the lease is live/);
    assert.deepEqual(questions, [`Break the lock on ${seeded.rolloutTs}? [y/N] `]);
    assert.ok((await pinned(s)).includes(seeded.rolloutTs));
  });

  it('breaks a live lease once confirmed: a break record in the thread, then the pin removed', async () => {
    const s = slack!;
    const code = await runUnlock({ ts: seeded.rolloutTs, reason: 'web-2 is gone', yes: false, as: s.users.alice }, deps(s, true));
    assert.equal(code, 0, err.join(''));
    assert.match(out.join(''), /^broken: .*; pin removed\n$/);
    assert.ok(!(await pinned(s)).includes(seeded.rolloutTs));
    const client = new WebClient(s.botToken, { slackApiUrl: s.apiUrl, retryConfig });
    const thread = await client.conversations.replies({ channel: s.channel, ts: seeded.rolloutTs, include_all_metadata: true });
    const last = thread.messages?.at(-1) as { metadata?: { event_type?: string; event_payload?: Record<string, unknown> } };
    assert.equal(last.metadata?.event_type, 'troupe_break');
    assert.deepEqual([last.metadata?.event_payload?.token, last.metadata?.event_payload?.host], [seeded.token, `operator:${s.users.alice}`]);
  });

  it('with --yes, breaks without asking', async () => {
    const s = slack!;
    const code = await runUnlock({ ts: seeded.rolloutTs, reason: 'maintenance', yes: true, as: s.users.alice }, deps(s, false));
    assert.equal(code, 0, err.join(''));
    assert.deepEqual(questions, []);
  });

  it('without a terminal and without --yes, says to pass --yes', async () => {
    const s = slack!;
    const noTerminal = { ...deps(s, true), confirm: undefined };
    await assert.rejects(runUnlock({ ts: seeded.rolloutTs, reason: 'x', yes: false, as: s.users.alice }, noTerminal), /pass --yes/);
    assert.ok((await pinned(s)).includes(seeded.rolloutTs));
  });
});
