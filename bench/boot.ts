import { BenchFleet } from './fleet/bench-fleet.js';
import { args } from './fleet/troupe-rollout.js';

/**
 * A fleet booting: N in-process agents started a second apart against the local Slack with
 * Slack's tiers (as the rollout benchmark starts them), then 60 s of an idle fleet. Prints, per
 * 10 s from the first start, the fleet's `conversations.history` calls and how many met a 429,
 * and when every agent served.
 *
 *   npm run bench -- boot [--hosts 30] [--json]
 */
export async function run(argv: string[]): Promise<void> {
  const { hosts, json } = args(argv.includes('--hosts') ? argv : [...argv, '--hosts', '30']);
  const results = [];
  for (const n of hosts) results.push(await boot(n));
  if (json) process.stdout.write(`${JSON.stringify({ benchmark: 'boot', agents: 'in-process', results }, null, 2)}\n`);
  else {
    for (const r of results) {
      process.stdout.write(`N=${r.hosts}: every agent serving after ${r.servingSeconds} s; conversations.history ${r.historyCalls} calls, ${r.historyRateLimited} 429s\n`);
      for (const w of r.windows) process.stdout.write(`  ${String(w.fromSeconds).padStart(4)} s  calls ${String(w.calls).padStart(3)}  429s ${w.rateLimited}\n`);
    }
  }
}

async function boot(hosts: number) {
  const fleet = await BenchFleet.create({ hosts });
  try {
    const startMs = Date.now();
    await fleet.startAgents();
    const servingSeconds = Math.round((Date.now() - startMs) / 100) / 10;
    await new Promise((resolve) => setTimeout(resolve, 60_000));
    const history = fleet.slack.callLog().filter((c) => c.method === 'conversations.history' && c.time >= startMs);
    const windows = new Map<number, { fromSeconds: number; calls: number; rateLimited: number }>();
    for (const c of history) {
      const from = Math.floor((c.time - startMs) / 10_000) * 10;
      const w = windows.get(from) ?? { fromSeconds: from, calls: 0, rateLimited: 0 };
      w.calls += 1;
      if (c.rateLimited) w.rateLimited += 1;
      windows.set(from, w);
    }
    return {
      hosts,
      servingSeconds,
      historyCalls: history.length,
      historyRateLimited: history.filter((c) => c.rateLimited).length,
      windows: [...windows.values()].sort((a, b) => a.fromSeconds - b.fromSeconds),
    };
  } finally {
    await fleet.stop();
  }
}
