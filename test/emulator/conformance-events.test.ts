import assert from 'node:assert/strict';
import { test } from 'node:test';
import WebSocket from 'ws';
import { localSlack, socketClient, until, webClient } from './helpers.js';
import { sample, shapeViolations } from './shape.js';

const eventSamples: Record<string, string> = {
  message: 'events/MessagePayload.json',
  message_changed: 'events/MessageChangedPayload.json',
  message_deleted: 'events/MessageDeletedPayload.json',
  pin_added: 'events/PinAddedPayload.json',
  pin_removed: 'events/PinRemovedPayload.json',
  reaction_added: 'events/ReactionAddedPayload.json',
  reaction_removed: 'events/ReactionRemovedPayload.json',
};

test('every event the local Slack sends has the keys of the recorded event_callback payloads', async () => {
  const slack = await localSlack();
  const web = webClient(slack);
  const { socket, received } = socketClient(slack);
  try {
    await socket.start();
    const parent = await web.chat.postMessage({ channel: slack.channel, text: 'deploy rolling', metadata: { event_type: 'troupe_plan', event_payload: { v: 1 } } });
    const reply = await web.chat.postMessage({ channel: slack.channel, text: 'claim', thread_ts: parent.ts });
    const human = await slack.postAsUser({ user: 'alice', text: 'deploy canary' });
    await web.chat.update({ channel: slack.channel, ts: reply.ts!, text: 'claim, renewed' });
    await slack.editAsUser({ user: 'alice', ts: human.ts, text: 'deploy canary main' });
    await web.pins.add({ channel: slack.channel, timestamp: parent.ts! });
    await web.pins.remove({ channel: slack.channel, timestamp: parent.ts! });
    await slack.reactAsUser({ user: 'alice', name: 'white_check_mark', timestamp: parent.ts! });
    await web.reactions.add({ channel: slack.channel, timestamp: parent.ts!, name: 'hourglass' });
    await web.reactions.remove({ channel: slack.channel, timestamp: parent.ts!, name: 'hourglass' });
    await web.chat.delete({ channel: slack.channel, ts: reply.ts! });
    await until(() => received.length >= 11, '11 events');
    const kinds = new Set(received.map((r) => (r.event.subtype as string | undefined) ?? r.type));
    assert.deepEqual([...kinds].sort(), Object.keys(eventSamples).sort());
    for (const { event, body } of received) {
      const kind = (event.subtype as string | undefined) ?? String(event.type);
      assert.deepEqual(shapeViolations(body, sample(eventSamples[kind]!)), [], `${kind}: keys not in the recorded sample`);
    }
    const threaded = received.find((r) => r.event.ts === reply.ts);
    assert.equal(threaded?.event.thread_ts, parent.ts);
    assert.equal(threaded?.event.parent_user_id, slack.users.bot);
  } finally {
    await socket.disconnect();
    await slack.close();
  }
});

test('hello, events_api envelopes and the ack are shaped like the recorded Socket Mode frames', async () => {
  // Frame-level check: the official client hides the raw frames, so this test reads them with a plain WebSocket.
  const slack = await localSlack();
  const open = await webClient(slack, undefined, slack.appToken).apps.connections.open();
  const ws = new WebSocket(String(open.url));
  const frames: Record<string, unknown>[] = [];
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as Record<string, unknown>;
    frames.push(frame);
    if (frame.envelope_id) ws.send(JSON.stringify({ envelope_id: frame.envelope_id, payload: {} }));
  });
  try {
    await until(() => frames.length === 1, 'hello');
    await slack.postAsUser({ user: 'alice', text: 'hosts' });
    await until(() => frames.length === 2, 'an envelope');
    const [hello, envelope] = frames;
    assert.equal(hello?.type, 'hello');
    assert.deepEqual(hello?.connection_info, { app_id: 'A0TROUPE01' });
    assert.equal(hello?.num_connections, 1);
    assert.equal((hello?.debug_info as Record<string, unknown>).approximate_connection_time, 14_400, 'four hours by default');
    assert.deepEqual(shapeViolations(hello, sample('socket-mode/hello.json')), []);
    const reference = sample('socket-mode/events_api.envelope.json');
    (reference.payload as Record<string, unknown>).event = sample('events/MessagePayload.json').event;
    assert.deepEqual(shapeViolations(envelope, reference), []);
    assert.equal(envelope?.retry_attempt, 0);
    assert.equal(envelope?.accepts_response_payload, false);
  } finally {
    ws.close();
    await slack.close();
  }
});
