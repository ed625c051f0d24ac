import { args, troupeRollout, type RunResult } from './fleet/troupe-rollout.js';

/**
 * A rolling update over N hosts against the local Slack with Slack's rate tiers on, posted a
 * minute after the fleet booted: total time, handoff gap (release → next claim, from the
 * thread's ts), calls per host by method, 429s (the boot's apart), and the floor Tier 2 puts
 * under pins.* for that N.
 *
 * Hosts are in-process agents: each runs the real agent (`runAgent`) with its own configuration,
 * journal, git working tree, Web API client and Socket Mode connection, named by its host in the
 * call log; they share this process's event loop (30 agent processes would not fit on 2 cores).
 *
 * `--fetch-delay-ms` makes every `git fetch` from the origin wait that long first, as a remote
 * across a network does (the origin is a local repository otherwise).
 *
 *   npm run bench -- rollout [--hosts 3,10,30] [--fetch-delay-ms MS] [--json]
 */
export async function run(argv: string[]): Promise<void> {
  const { hosts, json, fetchDelayMs } = args(argv);
  const results: RunResult[] = [];
  for (const n of hosts) {
    const result = await troupeRollout(n, fetchDelayMs);
    results.push(result);
    if (!json) process.stdout.write(`${line(result)}\n`);
  }
  if (json) process.stdout.write(`${JSON.stringify({ benchmark: 'rollout', agents: 'in-process', fetchDelayMs, results }, null, 2)}\n`);
  else process.stdout.write(`\ncalls per host by method:\n${results.map((r) => `  N=${r.hosts}: ${JSON.stringify(r.callsPerHost)}`).join('\n')}\n`);
}

export function line(r: RunResult): string {
  return [
    `${r.mode.padEnd(6)} N=${String(r.hosts).padStart(2)}`,
    `${r.outcome}`,
    `total ${r.totalSeconds.toFixed(1)} s`,
    ...(r.firstClaimSeconds === null ? [] : [`first claim ${r.firstClaimSeconds.toFixed(1)} s`]),
    `Tier-2 floor ${r.floorSeconds.toFixed(0)} s${r.floorRatio === null ? '' : ` (×${r.floorRatio})`}, sustained ${r.sustainedFloorSeconds.toFixed(0)} s`,
    ...(r.readFloorSeconds === undefined ? [] : [`Tier-3 read floor ${r.readFloorSeconds.toFixed(0)} s`]),
    `handoff median ${r.handoffMedianSeconds.toFixed(2)} s p95 ${r.handoffP95Seconds.toFixed(2)} s`,
    `calls ${r.calls} (${(r.calls / r.hosts).toFixed(1)}/host)`,
    `429s ${r.rateLimited}${r.rateLimited ? ` ${JSON.stringify(r.rateLimitedByMethod)}` : ''}`,
    ...(r.bootRateLimited === undefined ? [] : [`429s in the boot before the command ${r.bootRateLimited}${r.bootRateLimited ? ` ${JSON.stringify(r.bootRateLimitedByMethod)}` : ''}`]),
    ...(r.failedStarts && Object.keys(r.failedStarts).length > 0 ? [`agents started again after a failed start: ${Object.keys(r.failedStarts).length}`] : []),
  ].join(' | ');
}
