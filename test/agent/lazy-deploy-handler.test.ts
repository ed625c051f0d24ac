import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AgentServices, DeployHandler, DeployHandlerFactory } from '../../src/agent/deploy-handler.js';
import { lazyDeployHandler } from '../../src/agent/lazy-deploy-handler.js';

function recording(): { calls: string[]; load: () => Promise<DeployHandlerFactory>; loads: () => number } {
  const calls: string[] = [];
  let loads = 0;
  const factory: DeployHandlerFactory = (): DeployHandler => ({
    resume: async () => void calls.push('resume'),
    handle: async (request) => void calls.push(`handle ${request.ts}`),
    stop: async () => void calls.push('stop'),
    onBlockAction: (action) => void calls.push(`click ${action.value}`),
    onThreadActivity: (ts) => void calls.push(`activity ${ts}`),
    statusText: () => 'rollouts followed by web-1: 1.2',
  });
  return { calls, load: async () => (loads += 1, factory), loads: () => loads };
}

const logs: string[] = [];
const services = { logger: { info: (m: string) => logs.push(m), warn: (m: string) => logs.push(m), error: (m: string) => logs.push(m) } } as unknown as AgentServices;
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

test('nothing is loaded at start, by hints or by status; a stop with nothing loaded is quiet', async () => {
  const real = recording();
  const handler = lazyDeployHandler(real.load)(services);
  await handler.resume();
  handler.onThreadActivity?.('1.2');
  assert.equal(handler.statusText?.(), '');
  await handler.stop();
  assert.equal(real.loads(), 0);
  assert.deepEqual(real.calls, []);
});

test('a button click loads the real handler once, resumes it, and hands it the click; later calls go to it', async () => {
  const real = recording();
  const handler = lazyDeployHandler(real.load)(services);
  await handler.resume();
  handler.onBlockAction?.({ actionId: 'promote', value: '1.2', user: 'U1' });
  handler.onBlockAction?.({ actionId: 'promote', value: '1.3', user: 'U1' });
  await settle();
  handler.onThreadActivity?.('1.2');
  assert.equal(handler.statusText?.(), 'rollouts followed by web-1: 1.2');
  await handler.stop();
  assert.equal(real.loads(), 1);
  assert.deepEqual(real.calls, ['resume', 'click 1.2', 'click 1.3', 'activity 1.2', 'stop']);
});

test('a failed load is logged and tried again on the next click', async () => {
  const real = recording();
  let fail = true;
  const load = async () => {
    if (fail) throw new Error('module missing');
    return real.load();
  };
  const handler = lazyDeployHandler(load)(services);
  handler.onBlockAction?.({ actionId: 'promote', value: '1.2', user: 'U1' });
  await settle();
  assert.ok(logs.some((l) => /could not load the deploy handler for a button click: module missing/.test(l)));
  fail = false;
  handler.onBlockAction?.({ actionId: 'promote', value: '1.4', user: 'U1' });
  await settle();
  assert.deepEqual(real.calls, ['resume', 'click 1.4']);
});
