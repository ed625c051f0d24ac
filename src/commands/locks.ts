import type { CommandModule } from 'yargs';
import { lockCells, lockColumns } from '../ui/LocksTable.js';
import { plainTable } from '../ui/plain-table.js';
import { connectionOptions, type ConnectionArgs } from '../view/connection.js';
import { locksJson } from '../view/json-output.js';
import { loadFleetView } from '../view/load-fleet-view.js';
import { readDepsFromArgs, type ReadDeps } from '../view/read-deps.js';

export interface LocksArgs extends ConnectionArgs {
  json: boolean;
}

/** `troupe locks`: every pinned message and what the lock library makes of it. */
export async function runLocks(args: LocksArgs, deps: ReadDeps): Promise<number> {
  const view = await loadFleetView(deps.slack, deps.channel, { scope: { roster: false, pins: true, commands: false }, now: deps.now });
  const now = deps.now();
  if (args.json) {
    deps.out(`${JSON.stringify(locksJson(view.locks, now), null, 2)}\n`);
    return 0;
  }
  if (view.locks.length === 0) {
    deps.err('No pins: nothing is locked.\n');
    return 0;
  }
  deps.out(plainTable(lockColumns, view.locks.map((l) => lockCells(l, now)), deps.width));
  const expired = view.locks.filter((l) => l.kind !== 'person' && (l.status === 'expired' || l.status === 'unclaimed'));
  for (const lock of expired) {
    deps.err(`${lock.ts}: ${lock.status === 'expired' ? `lease of ${lock.holder ?? '?'} ran out` : 'pinned with no claim'}; an agent breaks it on its own, or \`troupe unlock ${lock.ts} --reason …\`.\n`);
  }
  return 0;
}

export const locksCommand: CommandModule<object, LocksArgs> = {
  command: 'locks',
  builder: (yargs) =>
    yargs.options(connectionOptions).option('json', { type: 'boolean', default: false, describe: 'print one JSON array ([] for no pins)' }),
  handler: async (args) => {
    process.exitCode = await runLocks(args, readDepsFromArgs(args));
  },
};
