import { herdRollout } from './fleet/herd-rollout.js';
import { args, troupeRollout, type RunResult } from './fleet/troupe-rollout.js';
import { line } from './rollout.js';

/**
 * The same rolling update done two ways over the same kind of fleet, against the local Slack
 * with Slack's tiers: troupe's turn-taking (in-process agents, as in `bench rollout`) and the
 * slackmq/Troupe herd (every host races `pins.add` whenever it looks, every 2 s). Printed side
 * by side, with herd/troupe ratios of time, calls and 429s, and the goals checked.
 *
 *   npm run bench -- herd [--hosts 3,10,30] [--fetch-delay-ms MS] [--json]
 */
export async function run(argv: string[]): Promise<void> {
  const { hosts, json, fetchDelayMs } = args(argv);
  const rows: { hosts: number; troupe: RunResult; herd: RunResult; ratios: Record<string, number | null>; goals: Record<string, boolean | null> }[] = [];
  for (const n of hosts) {
    const troupe = await troupeRollout(n, fetchDelayMs);
    const herd = await herdRollout(n, fetchDelayMs);
    const row = { hosts: n, troupe, herd, ratios: ratios(troupe, herd), goals: goals(troupe) };
    rows.push(row);
    if (!json) {
      process.stdout.write(`${line(troupe)}\n${line(herd)}\n`);
      process.stdout.write(`herd/troupe N=${n}: ${JSON.stringify(row.ratios)}; goals ${JSON.stringify(row.goals)}\n\n`);
    }
  }
  if (json) process.stdout.write(`${JSON.stringify({ benchmark: 'herd', agents: 'in-process', rows }, null, 2)}\n`);
}

function ratio(a: number, b: number): number | null {
  return b === 0 ? (a === 0 ? 1 : null) : Math.round((a / b) * 100) / 100;
}

function ratios(troupe: RunResult, herd: RunResult): Record<string, number | null> {
  return {
    time: ratio(herd.totalSeconds, troupe.totalSeconds),
    calls: ratio(herd.calls, troupe.calls),
    pinsCalls: ratio(pins(herd), pins(troupe)),
    rateLimited: ratio(herd.rateLimited, troupe.rateLimited),
  };
}

function pins(r: RunResult): number {
  return ((r.callsPerHost['pins.add'] ?? 0) + (r.callsPerHost['pins.remove'] ?? 0)) * r.hosts;
}

/** The goals; null where they do not apply to this N. */
function goals(r: RunResult): Record<string, boolean | null> {
  return {
    zero429: r.hosts === 10 || r.hosts === 30 ? r.rateLimited === 0 : null,
    handoffMedianAtMost2s: r.hosts === 10 ? r.handoffMedianSeconds <= 2 : null,
    within125xFloor: r.hosts === 30 ? r.totalSeconds <= 1.25 * r.floorSeconds : null,
    within125xSustainedFloor: r.hosts === 30 ? r.totalSeconds <= 1.25 * r.sustainedFloorSeconds : null,
  };
}
