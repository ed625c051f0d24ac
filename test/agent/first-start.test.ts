import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { beforeFirstStart, firstStartCursor } from '../../src/agent/first-start.js';
import { Journal } from '../../src/agent/journal.js';
import { parseCommand } from '../../src/protocol/index.js';

const newest = '1795787700.000100';

function freshJournal(): Journal {
  return Journal.open(mkdtempSync(join(tmpdir(), 'troupe-first-start-')));
}

test('a first start reads back the look-back window and remembers where it started', () => {
  const journal = freshJournal();
  assert.equal(firstStartCursor(journal, newest, 600), '1795787100.000100');
  assert.equal(beforeFirstStart(journal, '1795787700.000200', parseCommand('run uptime on all')), undefined);
});

test('from before the first start only rollouts are joined; nothing else is carried out late', () => {
  const journal = freshJournal();
  firstStartCursor(journal, newest, 600);
  const earlier = '1795787650.000100';
  assert.equal(beforeFirstStart(journal, earlier, parseCommand('deploy canary v2')), undefined);
  assert.equal(beforeFirstStart(journal, newest, parseCommand('deploy rolling v2 batch 2')), undefined);
  for (const text of ['run uptime on all', 'deploy promote', 'deploy abort', 'status', 'help', 'unlock 1795787600.000100 stuck']) {
    assert.equal(beforeFirstStart(journal, earlier, parseCommand(text)), 'posted before this agent first started', text);
  }
});

test('the boundary survives a restart of the agent (it is in the journal)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'troupe-first-start-'));
  firstStartCursor(Journal.open(dir), newest, 600);
  const reopened = Journal.open(dir);
  assert.equal(beforeFirstStart(reopened, '1795787699.000100', parseCommand('run uptime')), 'posted before this agent first started');
});

test('an agent that never had a first start in its journal skips nothing', () => {
  assert.equal(beforeFirstStart(freshJournal(), '1.000000', parseCommand('run uptime')), undefined);
});
