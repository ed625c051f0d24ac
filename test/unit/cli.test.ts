import assert from 'node:assert/strict';
import { test } from 'node:test';
import { troupe } from '../helpers/cli.js';

test('--help lists usage and exits 0', async () => {
  const result = await troupe(['--help']);
  assert.equal(result.exitCode, 0);
  assert.match(String(result.stdout), /troupe <command>/);
});

test('--version prints the package version', async () => {
  const result = await troupe(['--version']);
  assert.equal(result.exitCode, 0);
  assert.match(String(result.stdout), /^\d+\.\d+\.\d+$/);
});

test('an unknown command prints usage and exits 2', async () => {
  const result = await troupe(['frobnicate']);
  assert.equal(result.exitCode, 2);
  assert.match(String(result.stderr), /Unknown (argument|command)/);
});
