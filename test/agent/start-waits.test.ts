import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { LogLevel, WebClient, WebClientEvent } from '@slack/web-api';
import { Agent } from '../../src/agent/agent.js';
import { AuditLog } from '../../src/agent/audit-log.js';
import { loadConfig } from '../../src/agent/config.js';
import { ConfigError } from '../../src/agent/config-error.js';
import { Journal } from '../../src/agent/journal.js';
import { runProcess } from '../../src/agent/run-process.js';
import { passingFailure } from '../../src/agent/wait-out.js';
import { startLocalSlack, type LocalSlack } from '../../src/emulator/index.js';
import type { SnapshotMessage } from './helpers/fleet.js';

let slack: LocalSlack;
let dir: string;
before(async () => {
  slack = await startLocalSlack({ rateLimits: 'off' });
  dir = mkdtempSync(join(tmpdir(), 'troupe-start-waits-test-'));
});
after(async () => {
  await slack?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** An agent in this process whose Web API client gives up after one retry, so a storm outlasts it. */
function makeAgent(host: string, botToken = slack.botToken): { agent: Agent; lines: string[] } {
  const file = join(dir, `${host}.yaml`);
  writeFileSync(file, [`channel: ${slack.channel}`, `host: ${host}`, `operators: [${slack.users.alice}]`, `stateDir: ${join(dir, host)}`,
    'slack:', '  minPollMs: 200', '  socket: false', ''].join('\n'));
  const config = loadConfig(file, { SLACK_BOT_TOKEN: botToken, SLACK_API_URL: slack.apiUrl });
  const lines: string[] = [];
  const logger = { info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) };
  const client = new WebClient(botToken, {
    slackApiUrl: slack.apiUrl,
    headers: { 'X-Troupe-Client': host },
    logLevel: LogLevel.ERROR,
    retryConfig: { retries: 1, factor: 1, minTimeout: 50, maxTimeout: 100 },
  });
  const agent = new Agent({ config, slack: client, journal: Journal.open(config.stateDir), audit: new AuditLog(config.stateDir, host), logger, runProcess });
  client.on(WebClientEvent.RATE_LIMITED, (seconds: number) => agent.rateLimited(seconds));
  return { agent, lines };
}

test('an agent started during a 429 storm waits it out, saying so, and serves once it ends', async () => {
  slack.setFaults({ rateLimitStorm: { seconds: 5, retryAfter: 1 } });
  const { agent, lines } = makeAgent('storm-1');
  try {
    await agent.start();
    assert.ok(lines.some((l) => /^serving /.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /^starting: could not .*: Slack is rate limited .*; waiting [\d.]+ s/.test(l)), lines.join('\n'));
    const limited = slack.callLog().filter((c) => c.client === 'storm-1' && c.rateLimited);
    assert.ok(limited.length >= 2, `expected the storm to reach the agent, saw ${limited.length} 429s`);
    const roster = (slack.snapshot() as SnapshotMessage[]).filter((m) => m.metadata?.event_type === 'troupe_agent');
    assert.ok(roster.some((m) => m.metadata?.event_payload?.host === 'storm-1'), 'the agent joined the roster');
  } finally {
    slack.clearFaults();
    await agent.stop(0);
  }
});

test('a burst of HTTP 5xx at start is waited out', async () => {
  slack.setFaults({ errorBurst: { count: 2, kind: 'http5xx' } });
  const { agent, lines } = makeAgent('burst-1');
  try {
    await agent.start();
    assert.ok(lines.some((l) => /^serving /.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /Slack is answering HTTP 5\d\d; waiting/.test(l)), lines.join('\n'));
  } finally {
    slack.clearFaults();
    await agent.stop(0);
  }
});

test('a refused token stays fatal at start, with its message, without waiting', async () => {
  const { agent, lines } = makeAgent('wrong-token', 'xoxb-not-a-real-token');
  await assert.rejects(agent.start(), (error: unknown) => error instanceof ConfigError && /Slack refused the bot token \(invalid_auth\)/.test(error.message));
  assert.equal(lines.filter((l) => /waiting/.test(l)).length, 0);
  await agent.stop(0);
});

test('a stop while the start waits ends the start without serving', async () => {
  slack.setFaults({ rateLimitStorm: { seconds: 30, retryAfter: 2 } });
  const { agent, lines } = makeAgent('stopped-1');
  try {
    const starting = agent.start();
    while (!lines.some((l) => /waiting/.test(l))) await new Promise((resolve) => setTimeout(resolve, 50));
    await agent.stop(0);
    await starting;
    assert.ok(lines.some((l) => /^stopped while starting/.test(l)), lines.join('\n'));
    assert.equal(lines.some((l) => /^serving /.test(l)), false);
  } finally {
    slack.clearFaults();
  }
});

test('which failures are waited out', () => {
  const requestError = (message: string) => Object.assign(new Error('request failed'), { code: 'slack_webapi_request_error', original: new Error(message) });
  assert.match(passingFailure(requestError('A rate limit was exceeded (url: x, retry-after: 3)')) ?? '', /rate limited/);
  assert.match(passingFailure(requestError('fetch failed')) ?? '', /unreachable/);
  assert.equal(passingFailure({ code: 'slack_webapi_http_error', statusCode: 503 }), 'answering HTTP 503');
  assert.equal(passingFailure({ code: 'slack_webapi_http_error', statusCode: 404 }), undefined);
  assert.equal(passingFailure({ code: 'slack_webapi_platform_error', data: { error: 'missing_scope', needed: 'channels:history' } }), undefined);
  assert.equal(passingFailure({ code: 'slack_webapi_platform_error', data: { error: 'internal_error' } }), 'answering internal_error');
  assert.equal(passingFailure(new Error('something else')), undefined);
});
