import type { CommandModule } from 'yargs';
import { fleetCells, fleetColumns } from '../ui/FleetTable.js';
import { plainTable } from '../ui/plain-table.js';
import { connectionOptions, type ConnectionArgs } from '../view/connection.js';
import { statusJson } from '../view/json-output.js';
import { loadFleetView } from '../view/load-fleet-view.js';
import { readDepsFromArgs, type ReadDeps } from '../view/read-deps.js';

export interface StatusArgs extends ConnectionArgs {
  json: boolean;
}

/** `troupe status`: the fleet from the roster, as a table or one JSON array. */
export async function runStatus(args: StatusArgs, deps: ReadDeps): Promise<number> {
  const view = await loadFleetView(deps.slack, deps.channel, { scope: { roster: true, pins: true, commands: false }, now: deps.now });
  const now = deps.now();
  if (args.json) {
    deps.out(`${JSON.stringify(statusJson(view.fleet, now), null, 2)}\n`);
  } else if (view.fleet.length === 0) {
    deps.err('No agents in the roster yet: start one with `troupe agent --config FILE`.\n');
  } else {
    deps.out(plainTable(fleetColumns, view.fleet.map((h) => fleetCells(h, now)), deps.width));
  }
  const stale = view.fleet.filter((h) => h.stale).map((h) => h.host);
  if (stale.length > 0) deps.err(`Stale heartbeat (marked !): ${stale.join(', ')}. Check those agents (journalctl -u troupe).\n`);
  return 0;
}

export const statusCommand: CommandModule<object, StatusArgs> = {
  command: 'status',
  builder: (yargs) =>
    yargs.options(connectionOptions).option('json', { type: 'boolean', default: false, describe: 'print one JSON array ([] for no hosts)' }),
  handler: async (args) => {
    process.exitCode = await runStatus(args, readDepsFromArgs(args));
  },
};
