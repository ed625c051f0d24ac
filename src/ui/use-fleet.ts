import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DashboardView } from './model.js';
import type { ViewSource } from './view-source.js';

export interface FleetData {
  view: DashboardView;
  /** Slack time (seconds) the view was built for. */
  now: number;
  /** Fetches now (the `r` key), still within the API budget. */
  refresh: () => void;
}

/**
 * Polls `source` every `pollMs` and rebuilds the view every `tickMs` from what was fetched, so
 * ages and countdowns move between polls. One fetch at a time: a slow Slack never stacks calls.
 */
export function useFleet(source: ViewSource, clock: () => number, pollMs: number, tickMs = 1000): FleetData {
  const [now, setNow] = useState(clock);
  const [generation, setGeneration] = useState(0);
  const busy = useRef(false);

  const fetch = useCallback(() => {
    if (busy.current) return;
    busy.current = true;
    void source
      .refresh()
      .finally(() => {
        busy.current = false;
        setGeneration((g) => g + 1);
        setNow(clock());
      });
  }, [source, clock]);

  useEffect(() => {
    fetch();
    const poll = setInterval(fetch, pollMs);
    const tick = setInterval(() => setNow(clock()), tickMs);
    return () => {
      clearInterval(poll);
      clearInterval(tick);
    };
  }, [fetch, clock, pollMs, tickMs]);

  // `generation` makes a finished fetch show even when the clock has not moved.
  const view = useMemo(() => source.view(now), [source, now, generation]);
  return { view, now, refresh: fetch };
}
