import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ciFlagged } from '../../src/ui/live-terminal.js';

test('CI reads as set the way the terminal UI reads it', () => {
  assert.equal(ciFlagged({}), false);
  assert.equal(ciFlagged({ CI: 'true' }), true);
  assert.equal(ciFlagged({ CI: '' }), true);
  assert.equal(ciFlagged({ CONTINUOUS_INTEGRATION: '1' }), true);
  assert.equal(ciFlagged({ CI: 'false' }), false);
  assert.equal(ciFlagged({ CI: '0', CONTINUOUS_INTEGRATION: 'false' }), false);
});
