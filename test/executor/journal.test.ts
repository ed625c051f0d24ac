import assert from 'node:assert/strict';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { JournalError, clearJournal, readJournal, writeJournal, type Journal } from '../../src/agent/executor/index.js';
import { enterPhase } from '../../src/agent/executor/journal.js';
import { tempDir } from '../helpers/origin.js';

function sample(path: string): Journal {
  return {
    v: 1, rollout: 'r', token: 't', fromSha: 'a'.repeat(40), toSha: 'b'.repeat(40), phase: 'claimed', deadline: null,
    bootAttempts: 0, reason: null, logTail: null, stepPid: 42, history: [{ phase: 'claimed', at: 1 }],
    config: {
      repoDir: '/srv/app', remote: 'origin', branch: 'main', journalPath: path, build: [], restart: { kind: 'exit' }, health: null,
      healthDeadlineMs: 1000, healthIntervalMs: 100, soakMs: 0, maxBootAttempts: 3, env: {},
    },
  };
}

describe('the journal', () => {
  let root: { dir: string; cleanup: () => Promise<void> };
  before(async () => {
    root = await tempDir();
  });
  after(() => root.cleanup());

  it('round-trips, leaves no temporary file behind, and clears', async () => {
    const path = join(root.dir, 'state', 'journal.json');
    assert.equal(await readJournal(path), null);
    await writeJournal(path, sample(path));
    assert.deepEqual(await readJournal(path), sample(path));
    assert.deepEqual(await readdir(join(root.dir, 'state')), ['journal.json']);
    await clearJournal(path);
    assert.equal(await readJournal(path), null);
  });

  it('refuses a file that is not a journal, saying what to do', async () => {
    const path = join(root.dir, 'broken.json');
    await writeFile(path, '{"v":1,"phase":"dancing"}');
    await assert.rejects(readJournal(path), (error: unknown) => error instanceof JournalError && /delete it to forget the update/.test(error.message));
    await writeFile(path, '{"v":1,');
    await assert.rejects(readJournal(path), JournalError);
  });

  it('enterPhase appends to the history and forgets the finished step\'s pid', () => {
    const next = enterPhase(sample('/j'), 'switching', 5, { reason: 'x' });
    assert.equal(next.phase, 'switching');
    assert.equal(next.stepPid, null);
    assert.equal(next.reason, 'x');
    assert.deepEqual(next.history, [{ phase: 'claimed', at: 1 }, { phase: 'switching', at: 5 }]);
  });
});
