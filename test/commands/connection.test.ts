import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { UsageError } from '../../src/errors.js';
import { resolveConnection } from '../../src/view/connection.js';

describe('connection settings of the dashboard and the read commands', () => {
  const dir = mkdtempSync(join(tmpdir(), 'troupe-connection-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('from --config: the agent configuration’s channel, operators, Slack URL and token', () => {
    const file = join(dir, 'agent.yaml');
    writeFileSync(file, 'channel: C0OPS00001\noperators: [U0ALICE001]\nslack:\n  apiUrl: http://127.0.0.1:9/api/\n  rateScale: 10\n');
    const c = resolveConnection({ config: file }, { SLACK_BOT_TOKEN: 'xoxb-1-2-abc' });
    assert.deepEqual([c.channel, c.operators, c.apiUrl, c.token, c.rateScale], ['C0OPS00001', ['U0ALICE001'], 'http://127.0.0.1:9/api/', 'xoxb-1-2-abc', 10]);
    assert.equal(resolveConnection({ config: file, channel: 'C0OTHER001' }, { SLACK_BOT_TOKEN: 'xoxb-1-2-abc' }).channel, 'C0OTHER001');
  });

  it('from the environment: SLACK_BOT_TOKEN, SLACK_API_URL and --channel; no operators', () => {
    const c = resolveConnection({ channel: 'C0OPS00001' }, { SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_API_URL: 'http://127.0.0.1:9/api/' });
    assert.deepEqual([c.channel, c.apiUrl, c.operators], ['C0OPS00001', 'http://127.0.0.1:9/api/', []]);
    assert.equal(resolveConnection({ channel: 'C0OPS00001' }, { SLACK_BOT_TOKEN: 'xoxb-1-2-abc' }).apiUrl, 'https://slack.com/api/');
  });

  it('says what is missing or wrong', () => {
    assert.throws(() => resolveConnection({ channel: 'C0OPS00001' }, {}), (e: unknown) => e instanceof UsageError && /No Slack token/.test(e.message));
    assert.throws(() => resolveConnection({}, { SLACK_BOT_TOKEN: 'xoxb-1-2-abc' }), /No channel: pass --channel/);
    assert.throws(() => resolveConnection({ channel: '#ops' }, { SLACK_BOT_TOKEN: 'xoxb-1-2-abc' }), /channel id such as C0123ABCD/);
  });
});
