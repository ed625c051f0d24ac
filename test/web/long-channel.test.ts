import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chromium } from 'playwright-core';
import { startLocalSlack } from '../../src/emulator/index.js';

test('a long channel opens on its latest 300 messages; older ones come on request, new ones arrive live', { timeout: 60_000 }, async () => {
  const slack = await startLocalSlack({ rateLimits: 'off' });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    for (let i = 1; i <= 320; i++) await slack.postAsUser({ user: 'mallory', text: `message ${i}` });
    const page = await browser.newPage();
    await page.goto(`${slack.baseUrl}channel`);
    await page.getByRole('status').filter({ hasText: 'live' }).waitFor();
    const messages = page.getByRole('log', { name: 'Messages' }).locator('li[data-ts]');
    assert.equal(await messages.count(), 300);
    assert.equal(await messages.first().locator('.text').textContent(), 'message 21');
    await page.getByRole('button', { name: 'Show earlier messages (20 more)' }).click();
    assert.equal(await messages.count(), 320);
    assert.equal(await messages.first().locator('.text').textContent(), 'message 1');
    await slack.postAsUser({ user: 'alice', text: 'message 321' });
    await messages.last().filter({ hasText: 'message 321' }).waitFor();
  } finally {
    await browser.close();
    await slack.close();
  }
});
