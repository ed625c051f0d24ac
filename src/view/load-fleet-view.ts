import type { DashboardView } from '../ui/model.js';
import { buildView } from './build-view.js';
import { CallBudget } from './call-budget.js';
import { ChannelReader, READ_ALL, type ReadPorts, type ReadScope } from './channel-reader.js';
import { TroupeError } from '../errors.js';

/** Reading the channel failed (auth, scopes, membership, network): the message says what to fix. */
export class ChannelReadError extends TroupeError {
  override readonly code = 'channel_read';
}

/**
 * One read of the channel for the read commands: the roster, the pins and the command threads
 * that `scope` asks for, reduced at Slack time `now` exactly as the dashboard and the agents do.
 */
export async function loadFleetView(
  slack: ReadPorts,
  channel: string,
  options: { scope?: ReadScope; now?: () => number } = {},
): Promise<DashboardView> {
  const now = options.now ?? (() => Date.now() / 1000);
  const reader = new ChannelReader(slack, channel, CallBudget.unlimited(), () => now() * 1000, options.scope ?? READ_ALL);
  const snapshot = await reader.refresh();
  if (snapshot.error) throw new ChannelReadError(snapshot.error);
  return buildView(snapshot, now());
}
