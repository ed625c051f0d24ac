import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const dir = fileURLToPath(new URL('../../src/slackmq/', import.meta.url));

test('src/slackmq stands alone: it imports only itself, node: modules and @slack/web-api', async () => {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.ts'));
  assert.ok(files.includes('index.ts'));
  for (const file of files) {
    const source = await readFile(join(dir, file), 'utf8');
    for (const [, spec] of source.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s+'([^']+)'/gm)) {
      const allowed = /^\.\/[a-z-]+\.js$/.test(spec!) || spec!.startsWith('node:') || spec === '@slack/web-api';
      assert.ok(allowed, `${file} imports ${spec}`);
    }
  }
});

test('the public entry exports the simple API, the full lock, the decisions and the errors', async () => {
  const api = await import('../../src/slackmq/index.js');
  for (const name of ['ack', 'unack', 'withMessageLock', 'PinLock', 'Lease', 'decideLock', 'isMyTurn', 'encodeRecord', 'decodeRecord', 'setMarker', 'LockHeldError', 'LockLostError', 'MissingScopeError', 'SlackAuthError', 'lockClient']) {
    assert.ok(name in api, name);
  }
});
