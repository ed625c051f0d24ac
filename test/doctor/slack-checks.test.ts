import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CheckResult } from '../../src/doctor/check.js';
import { diagnose, type DoctorDeps } from '../../src/doctor/diagnose.js';
import { createDoctorSlack } from '../../src/doctor/slack-clients.js';
import { checkSocket } from '../../src/doctor/socket-check.js';
import type { DoctorConfig } from '../../src/doctor/doctor-config.js';
import type { SupervisorPorts } from '../../src/doctor/supervisor-check.js';
import { localSetup, seedWith } from './local-setup.js';

const noSystemd: SupervisorPorts = {
  user: 'troupe',
  processes: async () => [],
  systemdBooted: async () => false,
  unitProperties: async () => ({}),
};

async function slackChecks(config: DoctorConfig): Promise<Record<string, CheckResult>> {
  const deps: DoctorDeps = { env: {}, loadConfig: () => config, system: noSystemd, socketTimeoutMs: 5000 };
  const report = await diagnose(undefined, deps);
  return Object.fromEntries(report.checks.map((check) => [check.id, check]));
}

test('a healthy local setup passes every Slack check', async () => {
  const setup = await localSetup(seedWith());
  try {
    const checks = await slackChecks(setup.config);
    for (const id of ['config', 'bot-token', 'scopes', 'channel', 'app-token', 'socket']) {
      assert.equal(checks[id]?.status, 'pass', `${id}: ${checks[id]?.detail} ${checks[id]?.fix ?? ''}`);
    }
    assert.match(checks['bot-token']!.detail, /^@troupe \(U0BOT00001\)/);
    assert.match(checks.channel!.detail, /@troupe is a member of #ops/);
  } finally {
    await setup.close();
  }
});

test('a bot token missing a scope fails the scopes check, naming the scope and how to add it', async () => {
  const setup = await localSetup(seedWith((seed) => (seed.bot.scopes = seed.bot.scopes.filter((s) => s !== 'pins:write'))));
  try {
    const { scopes } = await slackChecks(setup.config);
    assert.equal(scopes?.status, 'fail');
    assert.match(scopes!.detail, /^missing pins:write \(pins\.add\/pins\.remove: the lock itself\)$/);
    assert.match(scopes!.fix ?? '', /"Bot Token Scopes".*"Reinstall to Workspace"/);
  } finally {
    await setup.close();
  }
});

test('a bot without channels:read cannot be checked for membership, and says which scope', async () => {
  const setup = await localSetup(seedWith((seed) => (seed.bot.scopes = seed.bot.scopes.filter((s) => !/^(channels|groups):read$/.test(s)))));
  try {
    const checks = await slackChecks(setup.config);
    assert.equal(checks.scopes?.status, 'fail');
    assert.match(checks.scopes!.detail, /channels:read.*groups:read/);
    assert.equal(checks.channel?.status, 'fail');
    assert.match(checks.channel!.detail, /missing_scope \(needs channels:read\)/);
    assert.match(checks.channel!.fix ?? '', /grant channels:read/);
  } finally {
    await setup.close();
  }
});

test('a bot that is not in the channel fails the channel check, with the /invite to type', async () => {
  const setup = await localSetup(seedWith((seed) => (seed.channels[0]!.members = seed.channels[0]!.members.filter((m) => m !== seed.bot.userId))));
  try {
    const { channel } = await slackChecks(setup.config);
    assert.equal(channel?.status, 'fail');
    assert.equal(channel!.detail, `@troupe is not a member of #ops (${setup.config.channel})`);
    assert.equal(channel!.fix, 'in Slack, open #ops and type /invite @troupe');
  } finally {
    await setup.close();
  }
});

test('an unknown channel id is named, with where to find the right one', async () => {
  const setup = await localSetup(seedWith());
  try {
    const { channel } = await slackChecks({ ...setup.config, channel: 'C0NOSUCH01' });
    assert.equal(channel?.status, 'fail');
    assert.match(channel!.detail, /no channel C0NOSUCH01/);
    assert.match(channel!.fix ?? '', /channel: in \/etc\/troupe\/agent\.yaml \(channel details → About → Channel ID\)/);
  } finally {
    await setup.close();
  }
});

test('swapped and revoked tokens fail with the page to copy the right one from, never printing a token', async () => {
  const setup = await localSetup(seedWith());
  try {
    const swapped = await slackChecks({ ...setup.config, tokens: { bot: setup.slack.appToken, app: setup.slack.botToken } });
    assert.equal(swapped['bot-token']?.status, 'fail');
    assert.match(swapped['bot-token']!.detail, /holds xapp-…, not a bot token/);
    assert.equal(swapped.scopes?.status, 'skip');
    assert.match(swapped['app-token']!.detail, /holds xoxb-…, not an app-level token/);
    assert.equal(swapped.socket?.status, 'skip');
    const revoked = await slackChecks({ ...setup.config, tokens: { bot: 'xoxb-1-revoked', app: 'xapp-1-revoked' } });
    assert.match(revoked['bot-token']!.detail, /invalid_auth/);
    assert.match(revoked['bot-token']!.fix ?? '', /"Install App".*Bot User OAuth Token/);
    assert.match(revoked['app-token']!.fix ?? '', /App-Level Tokens/);
    const printed = JSON.stringify([swapped, revoked]);
    assert.doesNotMatch(printed, /xoxb-1|xapp-1/);
  } finally {
    await setup.close();
  }
});

test('a Slack that cannot be reached is reported as a network problem, not a token problem', async () => {
  const setup = await localSetup(seedWith());
  await setup.close();
  const checks = await slackChecks(setup.config);
  assert.equal(checks['bot-token']?.status, 'fail');
  assert.match(checks['bot-token']!.detail, /cannot reach Slack/);
  assert.match(checks['bot-token']!.fix ?? '', /can reach http:\/\/127\.0\.0\.1:\d+\/api\/ \(proxy, firewall, DNS\)/);
});

test('Socket Mode turned off skips the app-level token and the connection, saying so', async () => {
  const setup = await localSetup(seedWith(), { slack: { socket: false }, tokens: { bot: 'xoxb-none' } });
  try {
    const checks = await slackChecks({ ...setup.config, tokens: { bot: setup.slack.botToken } });
    assert.equal(checks['app-token']?.status, 'skip');
    assert.match(checks.socket!.detail, /slack\.socket: false/);
  } finally {
    await setup.close();
  }
});

test('a Socket Mode connection that Slack refuses fails with what to turn on, and closes cleanly', { timeout: 30_000 }, async () => {
  const setup = await localSetup(seedWith());
  try {
    const refused = await checkSocket(setup.config, createDoctorSlack(setup.config.apiUrl, 'doctor-test').socket('xapp-1-A0TROUPE01-0-revoked'));
    assert.equal(refused.status, 'fail');
    assert.match(refused.detail, /^the connection did not open: .*(invalid_auth|not_authed)/);
    assert.match(refused.fix ?? '', /turn Socket Mode on/);
    assert.doesNotMatch(JSON.stringify(refused), /revoked/);
  } finally {
    await setup.close();
  }
});

test('a connection with no hello is given up after the time limit, and closed', async () => {
  const setup = await localSetup(seedWith());
  await setup.close();
  let closed = false;
  const silent = { start: () => new Promise<never>(() => undefined), disconnect: async () => void (closed = true) };
  const result = await checkSocket(setup.config, silent, 50);
  assert.equal(result.status, 'fail');
  assert.equal(result.detail, 'no hello from Slack within 0.05 s');
  assert.match(result.fix ?? '', /allow outgoing WebSocket \(wss:\/\/\) connections/);
  assert.equal(closed, true);
});
