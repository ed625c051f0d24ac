import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { execa } from 'execa';
import { troupe } from '../helpers/cli.js';
import { localSetup, seedWith } from './local-setup.js';

/** A clean clone of a one-commit origin, in `base`. */
async function appClone(base: string): Promise<string> {
  const origin = join(base, 'origin.git');
  const dir = join(base, 'app');
  const git = (...args: string[]) => execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { cwd: dir });
  await execa('git', ['init', '--bare', '--initial-branch=main', origin]);
  await execa('git', ['clone', origin, dir]);
  writeFileSync(join(dir, 'server.js'), 'console.log("v1")\n');
  await git('add', 'server.js');
  await git('commit', '-m', 'v1');
  await git('push', 'origin', 'HEAD:main');
  return dir;
}

function writeConfig(base: string, channel: string, app: string, extra = ''): string {
  const file = join(base, 'agent.yaml');
  const state = join(base, 'state');
  writeFileSync(file, `channel: ${channel}\nhost: web-1\noperators: [U0ALICE001]\nstateDir: ${state}\napp:\n  dir: ${app}\n${extra}`);
  return file;
}

test('troupe doctor --json against the local Slack: Slack checks pass, a dirty tree is reported, exit code 1', async () => {
  const setup = await localSetup(seedWith());
  try {
    const base = mkdtempSync(join(tmpdir(), 'troupe-doctor-cli-'));
    const app = await appClone(base);
    writeFileSync(join(app, 'server.js'), 'console.log("edited on the host")\n');
    const config = writeConfig(base, setup.slack.channel, app);
    const env = { SLACK_API_URL: setup.slack.apiUrl, SLACK_BOT_TOKEN: setup.slack.botToken, SLACK_APP_TOKEN: setup.slack.appToken };
    const run = await troupe(['doctor', '--config', config, '--json'], { env });
    const [stdout, stderr] = [String(run.stdout), String(run.stderr)];
    const report = JSON.parse(stdout) as { ok: boolean; checks: { id: string; status: string; detail: string; fix?: string }[] };
    const status = Object.fromEntries(report.checks.map((check) => [check.id, check.status]));
    assert.deepEqual(
      { ...status, supervisor: 'any' },
      { config: 'pass', 'bot-token': 'pass', scopes: 'pass', channel: 'pass', 'app-token': 'pass', socket: 'pass', repository: 'pass', 'working-tree': 'fail', 'state-dir': 'pass', supervisor: 'any' },
    );
    const tree = report.checks.find((check) => check.id === 'working-tree');
    assert.match(tree?.detail ?? '', /has 1 uncommitted change: server\.js$/);
    assert.equal(run.exitCode, 1);
    assert.doesNotMatch(stdout + stderr, /xoxb-|xapp-1-A0/);
  } finally {
    await setup.close();
  }
});

test('troupe doctor names a token file others can read, with the chmod to run', async () => {
  const base = mkdtempSync(join(tmpdir(), 'troupe-doctor-cli-'));
  const tokenFile = join(base, 'bot-token');
  writeFileSync(tokenFile, 'xoxb-1-cli\n');
  chmodSync(tokenFile, 0o644);
  mkdirSync(join(base, 'app'));
  const config = writeConfig(base, 'C0OPS00001', join(base, 'app'), `tokens:\n  botFile: ${tokenFile}\n`);
  const run = await troupe(['doctor', '--config', config], { env: { SLACK_BOT_TOKEN: '', SLACK_APP_TOKEN: '' } });
  assert.equal(run.exitCode, 1);
  const stdout = String(run.stdout);
  const [first] = stdout.split('\n');
  assert.match(first ?? '', /^✗ configuration +.*tokens\.botFile: the token file .* is readable by others \(mode 644\).*chmod 600/);
  assert.match(stdout, /^– bot token +needs a valid configuration$/m);
});
