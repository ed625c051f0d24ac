import type { CommandModule } from 'yargs';
import { UsageError } from '../errors.js';
import { parseTs } from '../protocol/validate.js';
import { clockTime, progressBar, shortSha } from '../ui/format.js';
import type { RolloutRow } from '../ui/model.js';
import { plainTable } from '../ui/plain-table.js';
import { rolloutCells, rolloutColumns } from '../ui/RolloutsTable.js';
import { connectionOptions, type ConnectionArgs } from '../view/connection.js';
import { rolloutJson } from '../view/json-output.js';
import { ChannelReadError, loadFleetView } from '../view/load-fleet-view.js';
import { readDepsFromArgs, type ReadDeps } from '../view/read-deps.js';

export interface RolloutsArgs extends ConnectionArgs {
  ts?: string;
  json: boolean;
}

/** A rollout's timeline as plain lines: the summary, then each host and its records. */
export function timelineText(r: RolloutRow): string {
  const lines = [
    `${r.strategy} rollout ${r.ts}: ${r.phase}`,
    `  ${r.ref ?? '—'} ${shortSha(r.sha)}  ${progressBar(r.done, r.total, 10)}  failures ${r.failures}/${r.maxFailures}  promotion ${r.promotion}`,
  ];
  if (r.haltReason) lines.push(`  halted: ${r.haltReason}`);
  for (const step of r.steps) {
    lines.push(`  ${step.host}: ${step.status}`);
    for (const e of step.events) lines.push(`    ${clockTime(e.at)}  ${e.text}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `troupe rollouts [TS]`: recent rollouts, or one rollout's per-host timeline. */
export async function runRollouts(args: RolloutsArgs, deps: ReadDeps): Promise<number> {
  const only = args.ts === undefined ? undefined : parseTs(args.ts);
  if (args.ts !== undefined && !only) throw new UsageError(`"${args.ts}" is not a message ts (1732712345.000200) or a message link; copy it from \`troupe rollouts\`.`);
  const scope = { roster: false, pins: false, commands: true, only };
  const view = await loadFleetView(deps.slack, deps.channel, { scope, now: deps.now });
  if (only) {
    const rollout = view.rollouts.find((r) => r.ts === only);
    if (!rollout) throw new ChannelReadError(`no rollout plan in the thread of ${only}: is it a \`deploy canary|rolling\` message, and has an agent taken it up?`);
    deps.out(args.json ? `${JSON.stringify(rolloutJson(rollout), null, 2)}\n` : timelineText(rollout));
    return 0;
  }
  if (args.json) deps.out(`${JSON.stringify(view.rollouts.map(rolloutJson), null, 2)}\n`);
  else if (view.rollouts.length === 0) deps.err('No rollouts yet: type `deploy canary` or `deploy rolling` in the channel.\n');
  else deps.out(plainTable(rolloutColumns, view.rollouts.map(rolloutCells), deps.width));
  return 0;
}

export const rolloutsCommand: CommandModule<object, RolloutsArgs> = {
  command: 'rollouts [ts]',
  builder: (yargs) =>
    yargs
      .positional('ts', { type: 'string', describe: 'the rollout’s command message ts (or its link)' })
      .options(connectionOptions)
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON document: an array of rollouts ([] for none), or the one asked for' }),
  handler: async (args) => {
    process.exitCode = await runRollouts(args, readDepsFromArgs(args));
  },
};
