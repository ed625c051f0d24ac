import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { cleanup, render } from 'ink-testing-library';
import { App } from '../../src/ui/App.js';
import type { DashboardView } from '../../src/ui/model.js';
import type { ViewSource } from '../../src/ui/view-source.js';
import { NOW, rollingUpdate } from './fixtures.js';

/** A source that serves fixed views and counts how often it was asked to fetch. */
class FakeSource implements ViewSource {
  refreshes = 0;
  constructor(private current: DashboardView) {}
  async refresh(): Promise<void> {
    this.refreshes += 1;
  }
  view(): DashboardView {
    return this.current;
  }
  set(view: DashboardView): void {
    this.current = view;
  }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 30));

/** Waits (up to 3 s: a loaded machine renders late) until `probe` holds, and returns whether it did. */
async function until(probe: () => boolean): Promise<boolean> {
  for (let i = 0; i < 100 && !probe(); i += 1) await tick();
  return probe();
}

function start(source: ViewSource) {
  return render(<App source={source} clock={() => NOW} color={false} pollMs={60_000} size={{ columns: 120, rows: 30 }} />);
}

describe('dashboard keys', () => {
  afterEach(cleanup);

  it('fetches once at start, and again on r', async () => {
    const source = new FakeSource(rollingUpdate());
    const { stdin } = start(source);
    assert.ok(await until(() => source.refreshes === 1));
    await tick();
    stdin.write('r');
    assert.ok(await until(() => source.refreshes === 2), `refreshes: ${source.refreshes}`);
  });

  it('opens the selected rollout with Enter and goes back with Esc', async () => {
    const { stdin, lastFrame } = start(new FakeSource(rollingUpdate()));
    await tick();
    stdin.write('\r');
    await until(() => /Rollout 1795787700\.000100/.test(lastFrame() ?? ''));
    assert.match(lastFrame() ?? '', /Rollout 1795787700\.000100/);
    stdin.write('\u001b');
    await until(() => / Fleet {2}3 hosts/.test(lastFrame() ?? ''));
    assert.match(lastFrame() ?? '', / Fleet {2}3 hosts/);
    assert.doesNotMatch(lastFrame() ?? '', /Rollout 1795787700\.000100/);
  });

  it('moves to the fleet with tab and opens the host under the cursor', async () => {
    const { stdin, lastFrame } = start(new FakeSource(rollingUpdate()));
    await tick();
    stdin.write('\t');
    await tick();
    stdin.write('\u001b[B');
    await tick();
    stdin.write('\r');
    await until(() => /Host web-2/.test(lastFrame() ?? ''));
    assert.match(lastFrame() ?? '', /Host web-2/);
    assert.match(lastFrame() ?? '', /1795787700\.000100 rolling a1b2c3d: updating/);
  });

  it('shows the help on ? and leaves it on ?', async () => {
    const { stdin, lastFrame } = start(new FakeSource(rollingUpdate()));
    await tick();
    stdin.write('?');
    await until(() => /troupe status --json/.test(lastFrame() ?? ''));
    assert.match(lastFrame() ?? '', /troupe status --json/);
    stdin.write('?');
    await until(() => !/For scripts/.test(lastFrame() ?? ''));
    assert.doesNotMatch(lastFrame() ?? '', /For scripts/);
  });

  it('shows new data after a refresh', async () => {
    const source = new FakeSource(rollingUpdate());
    const { stdin, lastFrame } = start(source);
    assert.ok(await until(() => source.refreshes === 1));
    await tick();
    const next = rollingUpdate();
    next.rollouts[0] = { ...next.rollouts[0]!, done: 2, current: 'web-3' };
    source.set(next);
    stdin.write('r');
    await until(() => /\[#####---\] 2\/3/.test(lastFrame() ?? ''));
    assert.match(lastFrame() ?? '', /\[#####---\] 2\/3\s+web-3/);
  });
});
