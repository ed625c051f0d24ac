import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { localSlack, webClient } from './helpers.js';

test('with a data file, a restart restores messages, threads, pins, reactions and metadata', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'troupe-local-slack-'));
  const dataFile = join(dir, 'state', 'slack.json');
  try {
    const first = await localSlack({ dataFile });
    const web = webClient(first);
    const { ts } = await web.chat.postMessage({ channel: first.channel, text: 'deploy', metadata: { event_type: 'troupe_plan', event_payload: { v: 1 } } });
    await web.chat.postMessage({ channel: first.channel, text: 'claim', thread_ts: ts });
    await web.pins.add({ channel: first.channel, timestamp: ts! });
    await first.reactAsUser({ user: 'alice', name: 'eyes', timestamp: ts! });
    const before = JSON.stringify(first.snapshot()).replaceAll(first.baseUrl, '/');
    await first.close();
    assert.deepEqual((await readdir(join(dir, 'state'))).filter((f) => f.endsWith('.tmp')), [], 'no temporary file is left');

    const second = await localSlack({ dataFile });
    try {
      assert.equal(JSON.stringify(second.snapshot()).replaceAll(second.baseUrl, '/'), before);
      const web2 = webClient(second);
      const next = await web2.chat.postMessage({ channel: second.channel, text: 'later' });
      assert.ok(next.ts! > ts!, 'new ts values stay above the restored ones');
      const pinned = await web2.pins.add({ channel: second.channel, timestamp: ts! }).catch((e: { data: { error: string } }) => e.data.error);
      assert.equal(pinned, 'already_pinned');
    } finally {
      await second.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a data file that is not the local Slack\'s is refused with a message that says what to do', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'troupe-local-slack-'));
  const dataFile = join(dir, 'slack.json');
  try {
    await writeFile(dataFile, '{"hello": "world"}');
    await assert.rejects(localSlack({ dataFile }), /not a local Slack data file.*another --data file/);
    assert.equal(await readFile(dataFile, 'utf8'), '{"hello": "world"}', 'the file is left alone');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
