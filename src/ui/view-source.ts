import type { DashboardView } from './model.js';

/**
 * Where the dashboard's data comes from. The source keeps what it last fetched; `view(now)` runs
 * the protocol reducers over it for the given Slack time (cheap and pure, so ages and lease
 * countdowns move every second without any API call).
 */
export interface ViewSource {
  /** Fetches what the API budget allows now (the `r` key calls it at once, within the same budget). */
  refresh(): Promise<void>;
  view(now: number): DashboardView;
}
