import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startDemo, type DemoProcess } from '../demo/helpers/demo-process.js';

let demo: DemoProcess;
let browser: Browser;
let page: Page;

before(async () => {
  demo = await startDemo(2);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  page = await browser.newPage();
  await page.goto(demo.url);
  await page.getByRole('status').filter({ hasText: 'live' }).waitFor();
});

after(async () => {
  await browser?.close();
  await demo?.cleanup();
});

const channel = () => page.getByRole('log', { name: 'Messages' });
const thread = () => page.getByRole('log', { name: 'Thread' });

/** Types `text` in the message box as `person` and sends it with Enter; returns its list item. */
async function send(person: string, text: string) {
  const value = await page.getByLabel('Post as').locator('option', { hasText: new RegExp(`^${person}\\b`) }).getAttribute('value');
  await page.getByLabel('Post as').selectOption(value ?? person);
  await page.getByLabel('Message', { exact: true }).fill(text);
  await page.getByLabel('Message', { exact: true }).press('Enter');
  const item = channel().getByRole('listitem').filter({ has: page.getByText(text, { exact: true }) }).last();
  await item.waitFor();
  return item;
}

test('alice types deploy canary: the claim appears in its thread, the command gets the pin mark, and her ✅ promotes it', { timeout: 210_000 }, async () => {
  const command = await send('alice', 'deploy canary v2');
  await command.getByRole('img', { name: 'Pinned' }).waitFor({ timeout: 60_000 });
  await command.getByRole('button', { name: /repl(y|ies) in the thread/ }).click();
  await thread().getByText('claim record').first().waitFor({ timeout: 30_000 });
  await thread().getByText(/claimed by web-1/).first().waitFor();
  await thread().getByText('canary healthy record').waitFor({ timeout: 60_000 });
  await command.getByRole('button', { name: 'React with white_check_mark as alice' }).click();
  await command.getByRole('button', { name: /^white_check_mark: 1 \(alice\)/ }).waitFor();
  await thread().getByText('promoted record').waitFor({ timeout: 30_000 });
  // The rollout ends before the next test: a host restarting for it would hold up her command's answer.
  await thread().getByText('done record').nth(1).waitFor({ timeout: 90_000 });
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('#thread-panel').isHidden(), true);
});

test('mallory types deploy canary: the refusal is the reply in the thread, nothing is pinned, and she can reply there', { timeout: 150_000 }, async () => {
  const command = await send('mallory', 'deploy canary v2');
  const replies = command.getByRole('button', { name: /repl(y|ies) in the thread/ });
  await command.getByRole('button', { name: /^\d+ repl(y|ies)/ }).waitFor({ timeout: 30_000 });
  await replies.click();
  // The promoted rollout of the test before may restart the host that claimed this answer; then
  // a peer answers once that claim's lease (20 s in the demo) and the lock delay have run out.
  await thread().getByText(/Refused @mallory/).waitFor({ timeout: 75_000 });
  await thread().getByText('release record').waitFor({ timeout: 30_000 });
  assert.equal(await command.getByRole('img', { name: 'Pinned' }).count(), 0);
  await page.getByLabel('Reply as mallory').fill('why not me?');
  await page.getByRole('button', { name: 'Reply', exact: true }).click();
  await thread().getByRole('listitem').filter({ hasText: 'why not me?' }).filter({ hasText: 'Mallory' }).waitFor();
  await page.getByRole('button', { name: 'Close thread' }).click();
});

test('run uptime on all: every host answers in the thread, records readable with metadata on demand', { timeout: 90_000 }, async () => {
  const command = await send('alice', 'run uptime on all');
  await command.getByRole('button', { name: /^2 replies|^\d+ replies/ }).waitFor({ timeout: 30_000 });
  await command.getByRole('button', { name: /repl(y|ies) in the thread/ }).click();
  const outputs = thread().getByRole('listitem').filter({ has: page.getByText('output record') });
  await outputs.nth(1).waitFor({ timeout: 30_000 });
  const first = outputs.first();
  await first.getByText('output record').click();
  const metadata = await first.locator('details pre').textContent();
  assert.match(metadata ?? '', /"event_type": "troupe_output"/);
  assert.match(metadata ?? '', /"exit_code": 0/);
  await page.getByRole('button', { name: 'Close thread' }).click();
});

test('hostile text is shown as text, never as markup', async () => {
  const hostile = '<img src=x onerror="document.title=\'owned\'"> <script>document.title="owned"</script> <b>bold?</b>';
  const item = await send('mallory', hostile);
  assert.equal(await item.locator('img, script, b').count(), 0);
  assert.notEqual(await page.title(), 'owned');
  assert.match((await item.locator('.text').textContent()) ?? '', /<script>document.title="owned"<\/script> <b>bold\?<\/b>/);
});

test('the pinned list and the composer are reachable by keyboard and labelled', async () => {
  const toggle = page.getByRole('button', { name: /Pinned/ }).first();
  await toggle.focus();
  await page.keyboard.press('Enter');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  await page.getByRole('complementary', { name: 'Pinned messages' }).waitFor();
  await page.keyboard.press('Escape');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.getByLabel('Post as').count(), 1);
  await page.getByLabel('Message', { exact: true }).focus();
  assert.equal(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id), 'message-text');
});
