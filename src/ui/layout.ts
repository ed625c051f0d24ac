/** How many lines each pane gets: a pure function of the terminal size and the row counts. */

export interface PaneHeights {
  rollouts: number;
  fleet: number;
  locks: number;
  /** 0 when the terminal is too short for the feed. */
  feed: number;
  /** The budget table sits beside the feed on wide terminals; otherwise the header sums it up. */
  budgetBeside: boolean;
}

/**
 * Rollouts and locks get what they need up to 4 rows, the feed up to 6 lines, and the fleet
 * the rest (at least 3). Very short terminals drop the feed first.
 */
export function allocate(bodyRows: number, columns: number, counts: { rollouts: number; locks: number }): PaneHeights {
  const small = (count: number) => Math.min(Math.max(count, 1), 4) + 1;
  const rollouts = small(counts.rollouts);
  const locks = small(counts.locks);
  // Three title lines (rollouts, fleet, locks); the feed's own title is counted with it.
  const fixed = 3 + rollouts + locks;
  const feedWanted = 6;
  const room = bodyRows - fixed;
  const feed = room - feedWanted >= 4 ? feedWanted : 0;
  const fleet = Math.max(3, room - feed - (feed > 0 ? 1 : 0));
  return { rollouts, fleet, locks, feed, budgetBeside: feed > 0 && columns >= 110 };
}
