import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../src/agent/config.js';
import { demoChildEnv } from '../../src/demo/child-env.js';
import { demoLayout } from '../../src/demo/demo-layout.js';
import { hostConfigYaml } from '../../src/demo/host-config.js';

test("a demo host's configuration is one the agent loads: alice operates, uptime is named, tokens come from owner-only files", () => {
  const dir = mkdtempSync(join(tmpdir(), 'troupe-demo-config-'));
  try {
    const [host] = demoLayout(dir, 1).hosts;
    assert.ok(host);
    mkdirSync(host.stateDir, { recursive: true });
    writeFileSync(host.botFile, 'xoxb-1-2-demo\n', { mode: 0o600 });
    writeFileSync(host.appFile, 'xapp-1-A1-2-demo\n', { mode: 0o600 });
    writeFileSync(host.config, hostConfigYaml({
      host: host.name, channel: 'C0OPS00001', operator: 'U0ALICE001', apiUrl: 'http://127.0.0.1:9/api/', appDir: host.appDir,
      stateDir: host.stateDir, port: 4321, botFile: host.botFile, appFile: host.appFile, rateScale: 20, node: '/usr/bin/node with space',
    }));
    const config = loadConfig(host.config, {});
    assert.equal(config.host, 'web-1');
    assert.deepEqual(config.operators, ['U0ALICE001']);
    assert.deepEqual(config.commands.uptime?.argv, ['uptime']);
    assert.equal(config.commands.version?.argv[0], '/usr/bin/node with space');
    assert.deepEqual(config.tokens, { bot: 'xoxb-1-2-demo', app: 'xapp-1-A1-2-demo' });
    assert.equal(config.apiUrl, 'http://127.0.0.1:9/api/');
    assert.deepEqual(config.app?.health, { url: 'http://127.0.0.1:4321/health', timeout: 1 });
    assert.equal(config.stateDir, host.stateDir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the agents' environment keeps a person's real Slack tokens and configuration out of the demo", () => {
  const env = demoChildEnv({ PATH: '/bin', SLACK_BOT_TOKEN: 'xoxb-real', SLACK_API_URL: 'https://slack.com/api/', TROUPE_CONFIG: '/etc/troupe.yaml' }, { PORT: '4321' });
  assert.deepEqual(env, { PATH: '/bin', PORT: '4321' });
});
