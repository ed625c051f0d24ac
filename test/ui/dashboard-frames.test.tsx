import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { cleanup, render } from 'ink-testing-library';
import { Dashboard } from '../../src/ui/Dashboard.js';
import { initialNav, type NavState } from '../../src/ui/nav.js';
import type { DashboardView } from '../../src/ui/model.js';
import { ColorContext, colorFromEnv } from '../../src/ui/theme.js';
import { NOW, haltedCanary, idleFleet, personsPin, rollingUpdate, staleHost } from './fixtures.js';

function frame(view: DashboardView, options: { width?: number; height?: number; nav?: NavState; color?: boolean } = {}): string {
  const { lastFrame } = render(
    <ColorContext.Provider value={options.color ?? true}>
      <Dashboard view={view} now={NOW} width={options.width ?? 120} height={options.height ?? 30} nav={options.nav ?? initialNav} />
    </ColorContext.Provider>,
  );
  return lastFrame() ?? '';
}

function lineWith(text: string, needle: string): string {
  const line = text.split('\n').find((l) => l.includes(needle));
  assert.ok(line, `no line with ${needle} in:\n${text}`);
  return line;
}

/** The fleet row of a host (it starts the line). */
function hostLine(text: string, host: string): string {
  const line = text.split('\n').find((l) => l.startsWith(`${host} `));
  assert.ok(line, `no row for ${host} in:\n${text}`);
  return line;
}

describe('dashboard frames', () => {
  afterEach(cleanup);

  it('shows an idle fleet: every host healthy, no rollouts, no pins', () => {
    const text = frame(idleFleet());
    assert.match(text, /3 hosts {2}·/);
    for (const host of ['web-1', 'web-2', 'web-3']) assert.match(hostLine(text, host), /healthy\s+0\.4\.1 3f2a9c1\s+12s\s+socket/);
    assert.match(text, /No rollouts yet/);
    assert.match(text, /No pins: nothing is locked\./);
    assert.match(text, /0 rollouts active/);
  });

  it('shows a rolling update in progress: progress, the holder, its lease and the feed', () => {
    const text = frame(rollingUpdate());
    const rollout = lineWith(text, '1795787700.000100  rolling running');
    assert.match(rollout, /main a1b2c3d\s+\[###-----\] 1\/3\s+web-2\s+0\/0/);
    assert.match(hostLine(text, 'web-2'), /updating.*holder/);
    assert.match(hostLine(text, 'web-3'), /next/);
    const lock = lineWith(text, 'rollout: deploy rolling main');
    assert.match(lock, /web-2\s+1795787940\.000500\s+1m40s left\s+1m01s/);
    assert.match(lineWith(text, '13:56:40'), /web-1 done\s+healthy after 14 s/);
  });

  it('shows a halted canary with its reason and failures over budget', () => {
    const text = frame(haltedCanary(), { width: 160 });
    const rollout = lineWith(text, '1795787500.000100');
    assert.match(rollout, /canary halted\s+v0\.5\.0 a1b2c3d\s+\[--------\] 0\/3/);
    assert.match(rollout, /1\/0\s+halted: web-1 health check failed/);
    assert.match(hostLine(text, 'web-1'), /failed.*canary/);
  });

  it('marks a stale host with "!" so it stands out without colour, and counts it in the header', () => {
    const text = frame(staleHost(), { color: false });
    assert.match(hostLine(text, 'web-2'), /! 6m40s\s+poll/);
    assert.doesNotMatch(hostLine(text, 'web-1'), /!/);
    assert.match(text, /3 hosts \(1 stale\)/);
  });

  it("shows a person's pin as a person's, with no lease", () => {
    const text = frame(personsPin());
    assert.match(lineWith(text, 'maintenance window'), /person: maintenance window friday\s+person U0ALICE\s+—\s+no lease\s+2h00m/);
  });

  it('fits a narrow terminal: drops the least important columns and cuts nothing essential', () => {
    const text = frame(rollingUpdate(), { width: 50, height: 20 });
    for (const line of text.split('\n')) assert.ok(line.length <= 50, `line too long (${line.length}): ${line}`);
    assert.match(hostLine(text, 'web-2'), /web-2\s+updating\s+12s/);
    assert.doesNotMatch(text, /VERSION|TOKEN/);
    assert.match(text, /PHASE\s+PROGRESS/);
  });

  it('opens the timeline of a rollout, host by host', () => {
    const text = frame(rollingUpdate(), { nav: { ...initialNav, detail: { kind: 'rollout', index: 0 } } });
    assert.match(text, /Rollout 1795787700\.000100/);
    assert.match(text, /✓ web-1\s+done/);
    assert.match(text, /▸ web-2\s+updating/);
    assert.match(text, /13:59:30\s+progress · building/);
    assert.match(text, /· web-3\s+pending/);
  });

  it('opens a lock and warns that its lease is live', () => {
    const text = frame(rollingUpdate(), { nav: { ...initialNav, pane: 'locks', detail: { kind: 'lock', index: 0 } } });
    assert.match(text, /holder {3}web-2/);
    assert.match(text, /The lease is live/);
    assert.match(text, /troupe unlock 1795787700\.000100 --reason/);
  });

  it('turns colour off when NO_COLOR is set to anything non-empty', () => {
    assert.equal(colorFromEnv({ NO_COLOR: '1' }), false);
    assert.equal(colorFromEnv({ NO_COLOR: '' }), true);
    assert.equal(colorFromEnv({}), true);
  });
});
