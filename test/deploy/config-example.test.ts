import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { loadConfig } from '../../src/agent/config.js';
import { root } from '../helpers/cli.js';
import { readUnit, values } from './unit-file.js';

const example = join(root, 'deploy', 'agent.example.yaml');

test('the example configuration is one the agent accepts, with the token files install.sh writes', () => {
  const raw = parseYaml(readFileSync(example, 'utf8')) as { tokens: { botFile: string; appFile: string } };
  assert.deepEqual(raw.tokens, { botFile: '/etc/troupe/bot-token', appFile: '/etc/troupe/app-token' });
  const config = loadConfig(example, { SLACK_BOT_TOKEN: 'xoxb-1-example', SLACK_APP_TOKEN: 'xapp-1-example' });
  assert.equal(config.app?.dir, '/srv/app');
  assert.equal(config.stateDir, '/var/lib/troupe');
  assert.deepEqual(Object.keys(config.commands), ['uptime', 'disk']);
});

test("the unit's writable paths and ExecStart agree with the example configuration", () => {
  const unit = readUnit(join(root, 'deploy', 'troupe-agent.service'));
  const config = loadConfig(example, { SLACK_BOT_TOKEN: 'xoxb-1-example', SLACK_APP_TOKEN: 'xapp-1-example' });
  const writable = values(unit, 'Service', 'ReadWritePaths').join(' ').split(/\s+/);
  assert.deepEqual(writable.sort(), [config.app?.dir, config.stateDir].sort());
  assert.match(values(unit, 'Service', 'ExecStart')[0] ?? '', /agent --config \/etc\/troupe\/agent\.yaml$/);
  assert.deepEqual(values(unit, 'Service', 'EnvironmentFile'), ['/etc/troupe/troupe.env']);
});
