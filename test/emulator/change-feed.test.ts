import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StoreChange } from '../../src/emulator/index.js';
import { localSlack, webClient } from './helpers.js';

test('the store announces every change in order on its change feed', async () => {
  const slack = await localSlack();
  try {
    const changes: StoreChange[] = [];
    slack.internals.store.on('change', (change) => changes.push(change));
    const web = webClient(slack);
    const { ts } = await web.chat.postMessage({ channel: slack.channel, text: 'deploy' });
    await web.chat.update({ channel: slack.channel, ts: ts!, text: 'deploy canary' });
    await web.pins.add({ channel: slack.channel, timestamp: ts! });
    await slack.reactAsUser({ user: 'alice', name: 'eyes', timestamp: ts! });
    await web.reactions.add({ channel: slack.channel, timestamp: ts!, name: 'hourglass' });
    await web.reactions.remove({ channel: slack.channel, timestamp: ts!, name: 'hourglass' });
    await web.pins.remove({ channel: slack.channel, timestamp: ts! });
    await web.chat.delete({ channel: slack.channel, ts: ts! });
    slack.reset();
    assert.deepEqual(
      changes.map((c) => c.kind),
      ['message_posted', 'message_changed', 'pin_added', 'reaction_added', 'reaction_added', 'reaction_removed', 'pin_removed', 'message_deleted', 'reset'],
    );
    const changed = changes[1];
    assert.ok(changed?.kind === 'message_changed');
    assert.deepEqual([changed.previous.text, changed.message.text], ['deploy', 'deploy canary']);
  } finally {
    await slack.close();
  }
});

test('pages added in-process are served next to the API', async () => {
  const slack = await localSlack();
  try {
    slack.internals.addPage((_req, res, url) => {
      if (url.pathname !== '/test-extension') return false;
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('an extension');
      return true;
    });
    assert.equal(await (await fetch(`${slack.baseUrl}test-extension`)).text(), 'an extension');
    assert.equal((await fetch(`${slack.baseUrl}no/such/page`)).status, 404);
  } finally {
    await slack.close();
  }
});
