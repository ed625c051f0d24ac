import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { execa } from 'execa';
import { loadConfig } from '../../src/agent/config.js';
import { ConfigError } from '../../src/agent/config-error.js';
import { root } from './helpers/fleet.js';
import { startLocalSlack } from '../../src/emulator/index.js';

const dir = mkdtempSync(join(tmpdir(), 'troupe-config-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const env = { SLACK_BOT_TOKEN: 'xoxb-test-token-1' };
const base = 'channel: C0OPS00001\noperators: [U0ALICE001]\n';

function file(name: string, text: string, mode = 0o600): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  chmodSync(path, mode);
  return path;
}

function failure(path: string, environment: Record<string, string> = env): string {
  try {
    loadConfig(path, environment);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error.message;
  }
  assert.fail('the configuration was accepted');
}

test('a good configuration is typed, defaulted and frozen', () => {
  const path = file('good.yaml', `${base}host: web-1\ncommands:\n  uptime:\n    argv: [uptime]\n    args: [{ name: unit, pattern: '[a-z]+', optional: true }]\n`);
  const config = loadConfig(path, { ...env, SLACK_APP_TOKEN: 'xapp-1-test', SLACK_API_URL: 'http://127.0.0.1:1/api/' });
  assert.equal(config.host, 'web-1');
  assert.equal(config.apiUrl, 'http://127.0.0.1:1/api/');
  assert.deepEqual(config.commands.uptime?.argv, ['uptime']);
  assert.equal(config.commands.uptime?.timeout, 60);
  assert.equal(config.app, undefined);
  assert.equal(config.tokens.app, 'xapp-1-test');
  assert.ok(Object.isFrozen(config) && Object.isFrozen(config.commands.uptime?.argv));
});

test('JSON works too, and TROUPE_CONFIG names the file when --config is absent', () => {
  const path = file('good.json', JSON.stringify({ channel: 'C0OPS00001', operators: ['S0OPS'], app: { dir: '/srv/app' } }));
  const config = loadConfig(undefined, { ...env, TROUPE_CONFIG: path });
  assert.equal(config.app?.branch, 'main');
  assert.equal(config.app?.restart, 'exit');
});

test('a missing channel is named, with what is expected', () => {
  const message = failure(file('no-channel.yaml', 'operators: [U0ALICE001]\n'));
  assert.match(message, /no-channel\.yaml: channel: missing; expected the Slack channel id/);
});

test('a bad argv is named by its key', () => {
  const message = failure(file('bad-argv.yaml', `${base}commands:\n  uptime:\n    argv: []\n  disk:\n    argv: "df -h"\n`));
  assert.match(message, /commands\.uptime\.argv: expected a non-empty list of strings/);
  assert.match(message, /commands\.disk\.argv: expected/);
});

test('a bad pattern, an unknown key and a negative lease are each named', () => {
  const message = failure(file('bad-more.yaml', `${base}lease: -5\nfrobnicate: 1\ncommands:\n  x:\n    argv: [ls]\n    args: [{ name: a, pattern: '(' }]\n`));
  assert.match(message, /commands\.x\.args\.0\.pattern: expected a valid regular expression/);
  assert.match(message, /unknown key\(s\) frobnicate/);
  assert.match(message, /lease: expected a positive number of seconds/);
});

test('a world-readable token file is refused, and the fix is given', () => {
  const token = file('open-token', 'xoxb-secret-value-1', 0o644);
  const message = failure(file('open.yaml', `${base}tokens:\n  botFile: ${token}\n`), {});
  assert.match(message, /tokens\.botFile: the token file .* is readable by others \(mode 644\); refusing to start\. Run: chmod 600/);
  assert.doesNotMatch(message, /secret-value/);
});

test('an unreadable token file is refused', () => {
  const unreadable = join(dir, 'token-dir');
  mkdirSync(unreadable, { mode: 0o700 });
  const message = failure(file('unreadable.yaml', `${base}tokens:\n  botFile: ${unreadable}\n`), {});
  assert.match(message, /tokens\.botFile: cannot read the token file/);
  const missing = failure(file('missing.yaml', `${base}tokens:\n  botFile: ${join(dir, 'nope')}\n`), {});
  assert.match(missing, /cannot read the token file .*nope \(ENOENT\)/);
});

test('a private token file is read; no token at all is refused', () => {
  const token = file('token', 'xoxb-from-file-1\n', 0o600);
  assert.equal(loadConfig(file('private.yaml', `${base}tokens:\n  botFile: ${token}\n`), {}).tokens.bot, 'xoxb-from-file-1');
  assert.match(failure(file('none.yaml', base), {}), /no bot token: set SLACK_BOT_TOKEN or tokens\.botFile/);
});

test('not YAML, and no file at all, are said plainly', () => {
  assert.match(failure(file('broken.yaml', 'channel: [\n')), /broken\.yaml: not valid YAML/);
  assert.match(failure(join(dir, 'absent.yaml')), /cannot read the configuration file \(ENOENT\)/);
  assert.match(failure(undefined as unknown as string, env), /pass --config FILE or set TROUPE_CONFIG/);
});

test('`troupe agent` with an invalid configuration exits non-zero naming the problem', async () => {
  const path = file('cli.yaml', 'operators: [U0ALICE001]\n');
  const result = await execa(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'agent', '--config', path], { cwd: root, reject: false, env });
  assert.equal(result.exitCode, 1);
  assert.match(result.stderr, /cli\.yaml: channel: missing/);
});

test('a bot token Slack refuses stops the agent with where the token came from, and never the token', async () => {
  const slack = await startLocalSlack({ rateLimits: 'off' });
  try {
    const path = file('refused.yaml', `channel: ${slack.channel}\noperators: [U0ALICE001]\nstateDir: ${join(dir, 'refused-state')}\n`);
    const bad = 'xoxb-0000-not-a-real-token';
    const result = await execa(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'agent', '--config', path], {
      cwd: root,
      reject: false,
      env: { SLACK_BOT_TOKEN: bad, SLACK_API_URL: slack.apiUrl },
    });
    assert.equal(result.exitCode, 1);
    assert.match(result.stderr, /Slack refused the bot token \((invalid_auth|not_authed)\): check SLACK_BOT_TOKEN or tokens\.botFile/);
    assert.equal(`${result.stdout}${result.stderr}`.includes(bad), false);
  } finally {
    await slack.close();
  }
});
