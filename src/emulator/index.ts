import type { LocalSlackOptions } from './api.js';
import { LocalSlackServer } from './local-slack-server.js';
import { loadState } from './persistence.js';
import { defaultSeed } from './seed.js';
import { Store } from './store.js';
import { channelPage } from './web/channel-page.js';

export type { LocalSlack, LocalSlackOptions } from './api.js';
export type { LocalSlackInternals } from './local-slack-server.js';
export type { StoreChange } from './store.js';

/** A started local Slack: the {@link LocalSlack} contract plus `internals` (the store and its change feed). */
export type RunningLocalSlack = LocalSlackServer;

/** Starts the local Slack on loopback: Web API, Socket Mode and the control surface. */
export async function startLocalSlack(options: LocalSlackOptions = {}): Promise<RunningLocalSlack> {
  const seed = options.seed ?? defaultSeed();
  const store = new Store(seed);
  if (options.dataFile) {
    const saved = await loadState(options.dataFile);
    if (saved) store.load(saved);
  }
  const slack = new LocalSlackServer(seed, options, store);
  slack.internals.addPage(channelPage(store));
  await slack.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  return slack;
}

/** The `--json` start line and `GET /_local/info`. */
export { startLine as info } from './start-line.js';
