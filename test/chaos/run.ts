import { chaosRun, type RunOutcome } from './chaos-run.js';
import { makeSchedule } from './schedule.js';

/**
 * `npm run chaos -- --runs N --seed S [--quick]`: N runs with seeds S, S+1, …; one line per run, then
 * `P passed, F failed`; a failed run prints the seed and schedule that reproduce it
 * (`npm run chaos -- --runs 1 --seed <seed>`, with `--quick` if it was quick). Needs the built CLI (`npm run build`).
 */
export function parseArgs(argv: string[]): { runs: number; seed: number; quick: boolean } {
  const value = (name: string, fallback: number) => {
    const at = argv.indexOf(name);
    const n = at >= 0 ? Number(argv[at + 1]) : fallback;
    if (!Number.isInteger(n) || n < 0) throw new Error(`${name} takes a whole number, e.g. ${name} ${fallback}`);
    return n;
  };
  return { runs: Math.max(1, value('--runs', 20)), seed: value('--seed', 1), quick: argv.includes('--quick') };
}

export async function chaos(runs: number, seed: number, write: (line: string) => void, quick = false): Promise<RunOutcome[]> {
  const outcomes: RunOutcome[] = [];
  for (let i = 0; i < runs; i += 1) {
    const schedule = makeSchedule(seed + i, quick);
    const outcome = await chaosRun(schedule).catch((error: unknown): RunOutcome => ({
      seed: schedule.seed, ok: false, summary: 'run failed', errors: [`harness: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`], schedule: '', seconds: 0,
    }));
    outcomes.push(outcome);
    write(`run ${i + 1}/${runs} seed ${outcome.seed}: ${outcome.ok ? 'ok' : 'FAILED'} · ${outcome.summary} · ${outcome.seconds} s · ${outcome.schedule}`);
    for (const error of outcome.errors) write(`  ${error}`);
    if (!outcome.ok) write(`  reproduce: npm run chaos -- --runs 1 --seed ${outcome.seed}${quick ? ' --quick' : ''}${outcome.log ? ` (details: ${outcome.log})` : ''}`);
  }
  const failed = outcomes.filter((o) => !o.ok).length;
  write(`${outcomes.length - failed} passed, ${failed} failed`);
  return outcomes;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { runs, seed, quick } = parseArgs(process.argv.slice(2));
  const outcomes = await chaos(runs, seed, (line) => process.stdout.write(`${line}\n`), quick);
  process.exitCode = outcomes.every((o) => o.ok) ? 0 : 1;
}
