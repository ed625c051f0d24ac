import assert from 'node:assert/strict';
import { execa } from 'execa';
import { readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { postAs, snapshot, startDemo, waitUntil, type DemoProcess } from './helpers/demo-process.js';

let demo: DemoProcess | undefined;
after(() => demo?.cleanup());

/** Every process whose command line names `dir` or whose working directory is inside it (builds, restarts). */
async function processesUnder(dir: string): Promise<string[]> {
  const { stdout } = await execa('ps', ['-eo', 'pid=,args=']);
  const found: string[] = [];
  for (const line of stdout.split('\n')) {
    const pid = line.trim().split(' ')[0];
    const cwd = await readlink(`/proc/${pid}/cwd`).catch(() => '');
    if ((line.includes(dir) && !line.includes('ps -eo')) || cwd.startsWith(dir)) found.push(`${line.trim()} (in ${cwd})`);
  }
  return found;
}

test('Ctrl-C while a canary holds its pin: every process ends and no pin is left', { timeout: 180_000 }, async () => {
  demo = await startDemo(2);
  const { url, dir } = demo;
  assert.ok((await processesUnder(dir)).length >= 4, 'two supervisors, two agents and two services run');
  const ts = await postAs(url, 'alice', 'deploy canary v2');
  await waitUntil('the canary to pin the command', async () => (await snapshot(url)).find((m) => m.ts === ts)?.pinned_to);

  demo.child.kill('SIGINT');
  const result = await demo.child;
  assert.equal(result.exitCode, 0, demo.output());
  assert.match(demo.output(), /stopped\./);
  assert.deepEqual(await processesUnder(dir), []);
  const saved = JSON.parse(await readFile(join(dir, 'slack.json'), 'utf8')) as { channels: { messages: { ts: string; pin?: unknown }[] }[] };
  const pinned = saved.channels.flatMap((c) => c.messages).filter((m) => m.pin);
  assert.deepEqual(pinned, []);
});
