import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runDashboard } from '../../src/commands/dashboard.js';
import { UsageError } from '../../src/errors.js';
import { troupe } from '../helpers/cli.js';

describe('troupe dashboard', () => {
  it('refuses a non-terminal and points to the --json read commands', async () => {
    const stream = { isTTY: false } as unknown;
    await assert.rejects(
      runDashboard({ share: 0.2, interval: 3 }, { stdout: stream as NodeJS.WriteStream, stdin: stream as NodeJS.ReadStream, env: {} }),
      (error: unknown) => error instanceof UsageError && /needs a terminal.*troupe status --json/.test(error.message),
    );
  });

  it('refuses a terminal where CI is set (it would stay blank) and says how to run it', async () => {
    const tty = { isTTY: true } as unknown;
    for (const value of ['true', '1']) {
      await assert.rejects(
        runDashboard({ share: 0.2, interval: 3 }, { stdout: tty as NodeJS.WriteStream, stdin: tty as NodeJS.ReadStream, env: { CI: value } }),
        (error: unknown) => error instanceof UsageError && /CI is set.*env -u CI troupe dashboard/.test(error.message),
      );
    }
  });

  it('the real binary with its output piped: exit 2, the pointer on stderr, nothing on stdout', async () => {
    const result = await troupe(['dashboard', '--channel', 'C0OPS00001'], { env: { SLACK_BOT_TOKEN: 'xoxb-1-2-x', TROUPE_CONFIG: '' } });
    assert.equal(result.exitCode, 2);
    assert.equal(String(result.stdout), '');
    assert.match(String(result.stderr), /troupe status --json/);
  });
});
