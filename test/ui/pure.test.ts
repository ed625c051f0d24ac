import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitColumns, type Column } from '../../src/ui/columns.js';
import { formatAge, formatCountdown, progressBar, truncate } from '../../src/ui/format.js';
import { allocate } from '../../src/ui/layout.js';
import { initialNav, navigate } from '../../src/ui/nav.js';
import { CallBudget } from '../../src/view/call-budget.js';

const counts = { rollouts: 2, fleet: 3, locks: 0, feed: 5 };

describe('dashboard pure parts', () => {
  it('drops the least important columns first and gives spare room to the growing one', () => {
    const columns: Column[] = [
      { key: 'a', header: 'A', width: 10, priority: 0 },
      { key: 'b', header: 'B', width: 10, priority: 2 },
      { key: 'c', header: 'C', width: 10, priority: 1, grow: true },
    ];
    assert.deepEqual(fitColumns(columns, 40).map((c) => [c.key, c.width]), [['a', 10], ['b', 10], ['c', 16]]);
    assert.deepEqual(fitColumns(columns, 25).map((c) => [c.key, c.width]), [['a', 10], ['c', 13]]);
    assert.deepEqual(fitColumns(columns, 8).map((c) => [c.key, c.width]), [['a', 8]]);
  });

  it('formats ages, countdowns, bars and cut text', () => {
    assert.deepEqual([formatAge(5), formatAge(125), formatAge(7300), formatAge(200000), formatAge(undefined)], ['5s', '2m05s', '2h01m', '2d', '—']);
    assert.equal(formatCountdown(110, 10), '1m40s left');
    assert.equal(formatCountdown(10, 22), 'expired 12s ago');
    assert.equal(progressBar(1, 4, 8), '[##------] 1/4');
    assert.equal(truncate('web-server-01', 6), 'web-s…');
  });

  it('moves between panes and rows, opens details only where there are rows, and goes back', () => {
    let nav = navigate(initialNav, 'down', counts);
    assert.equal(nav.selected.rollouts, 1);
    nav = navigate(nav, 'down', counts);
    assert.equal(nav.selected.rollouts, 1, 'stays on the last row');
    nav = navigate(nav, 'enter', counts);
    assert.deepEqual(nav.detail, { kind: 'rollout', index: 1 });
    assert.equal(navigate(nav, 'next', counts).pane, 'rollouts', 'keys other than esc do nothing in a detail');
    nav = navigate(navigate(nav, 'back', counts), 'next', counts);
    nav = navigate(nav, 'next', counts);
    assert.equal(nav.pane, 'locks');
    assert.equal(navigate(nav, 'enter', counts).detail, undefined, 'no lock to open');
    assert.equal(navigate(nav, 'previous', counts).pane, 'fleet');
  });

  it('gives the fleet what is left and drops the feed on short terminals', () => {
    const tall = allocate(40, 120, { rollouts: 1, locks: 2 });
    assert.deepEqual([tall.rollouts, tall.locks, tall.feed, tall.budgetBeside], [2, 3, 6, true]);
    assert.equal(tall.fleet, 40 - 3 - 2 - 3 - 6 - 1);
    const short = allocate(14, 60, { rollouts: 1, locks: 1 });
    assert.equal(short.feed, 0);
    assert.equal(short.budgetBeside, false);
  });

  it('budget: a burst, then the share per minute, never more', () => {
    const budget = new CallBudget(0.2, 1, 2);
    const t0 = 1_000_000;
    assert.equal(budget.take('pins.list', t0), true);
    assert.equal(budget.take('pins.list', t0), true);
    assert.equal(budget.take('pins.list', t0), false);
    // pins.list: Tier 2 (20/min) × 0.2 = 4/min, one every 15 s: four more in the next minute.
    assert.equal(budget.take('pins.list', t0 + 14_000), false);
    assert.equal(budget.take('pins.list', t0 + 15_000), true);
    let taken = 0;
    for (let t = t0 + 16_000; t <= t0 + 76_000; t += 1000) if (budget.take('pins.list', t)) taken += 1;
    assert.equal(taken, 4);
  });
});
