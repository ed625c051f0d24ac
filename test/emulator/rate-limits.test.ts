import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode, LogLevel, WebClient, WebClientEvent, type WebAPIRateLimitedError } from '@slack/web-api';
import { POST_PER_CHANNEL, RateLimiter, TIERS } from '../../src/emulator/rate-limiter.js';
import { localSlack, retryConfig } from './helpers.js';

test('a tier bucket allows its minute allowance at once, then one call per refill', () => {
  let now = 0;
  const limiter = new RateLimiter('slack', () => now);
  const pins = (): number => limiter.take([['A:pins.add', TIERS[2]]]);
  for (let i = 0; i < 20; i += 1) assert.equal(pins(), 0);
  assert.equal(pins(), 3, 'Tier 2 refills one call every 3 s');
  now += 3000;
  assert.equal(pins(), 0);
  assert.equal(pins(), 3);
  assert.equal(limiter.take([['A:reactions.add', TIERS[3]]]), 0, 'each method has its own bucket');
});

test('scale multiplies the allowance; off disables limits', () => {
  const scaled = new RateLimiter({ scale: 10 }, () => 0);
  for (let i = 0; i < 200; i += 1) assert.equal(scaled.take([['k', TIERS[2]]]), 0);
  assert.equal(scaled.take([['k', TIERS[2]]]), 1);
  let now = 0;
  const harsh = new RateLimiter({ scale: 0.1 }, () => now);
  assert.equal(harsh.take([['p', POST_PER_CHANNEL]]), 0, 'a scale below 1 still allows one call');
  assert.equal(harsh.take([['p', POST_PER_CHANNEL]]), 10, 'then one per ten seconds');
  now += 10_000;
  assert.equal(harsh.take([['p', POST_PER_CHANNEL]]), 0);
  const off = new RateLimiter('off', () => 0);
  for (let i = 0; i < 1000; i += 1) assert.equal(off.take([['k', TIERS[1]]]), 0);
});

test('chat.postMessage: a small burst per channel, then about one per second', () => {
  let now = 0;
  const limiter = new RateLimiter('slack', () => now);
  const post = (channel: string) => limiter.take([[`post:${channel}`, POST_PER_CHANNEL]]);
  for (let i = 0; i < 3; i += 1) assert.equal(post('C1'), 0);
  assert.equal(post('C1'), 1);
  assert.equal(post('C2'), 0, 'another channel has its own allowance');
  now += 1000;
  assert.equal(post('C1'), 0);
});

test('over HTTP: 429 with an integer Retry-After and {ok:false, error:"ratelimited"}', async () => {
  const slack = await localSlack({ rateLimits: 'slack' });
  try {
    const web = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, rejectRateLimitedCalls: true, retryConfig, logLevel: LogLevel.ERROR });
    const { ts } = await web.chat.postMessage({ channel: slack.channel, text: 'deploy' });
    await web.chat.postMessage({ channel: slack.channel, text: 'a' });
    await web.chat.postMessage({ channel: slack.channel, text: 'b' });
    const posted = (await web.chat.postMessage({ channel: slack.channel, text: 'c' }).catch((e: unknown) => e)) as WebAPIRateLimitedError;
    assert.equal(posted.code, ErrorCode.RateLimitedError);
    assert.equal(posted.retryAfter, 1);
    for (let i = 0; i < 20; i += 1) await web.pins.list({ channel: slack.channel });
    const listed = (await web.pins.list({ channel: slack.channel }).catch((e: unknown) => e)) as WebAPIRateLimitedError;
    assert.equal(listed.code, ErrorCode.RateLimitedError);
    assert.equal(listed.retryAfter, 3);
    assert.ok(ts);
    const raw = await fetch(`${slack.apiUrl}pins.list?channel=${slack.channel}`, { headers: { authorization: `Bearer ${slack.botToken}` } });
    assert.equal(raw.status, 429);
    assert.match(raw.headers.get('retry-after') ?? '', /^\d+$/);
    assert.deepEqual(await raw.json(), { ok: false, error: 'ratelimited' });
    const logged = slack.callLog().filter((c) => c.method === 'pins.list');
    assert.equal(logged.filter((c) => c.rateLimited && c.status === 429).length, 2);
  } finally {
    await slack.close();
  }
});

test('the official client waits out a 429 and then succeeds', async () => {
  const slack = await localSlack();
  try {
    const web = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig, logLevel: LogLevel.ERROR });
    const waits: number[] = [];
    web.on(WebClientEvent.RATE_LIMITED, (seconds: number) => waits.push(seconds));
    slack.setFaults({ rateLimitStorm: { seconds: 0.5, retryAfter: 1, methods: ['auth.test'] } });
    assert.equal((await web.auth.test()).ok, true);
    assert.deepEqual(waits, [1]);
    const calls = slack.callLog().map((c) => [c.status, c.rateLimited]);
    assert.deepEqual(calls, [[429, true], [200, false]]);
  } finally {
    await slack.close();
  }
});
