import { simpleGit } from 'simple-git';
import { DemoFleet } from './demo-fleet.js';
import { sampleVersions } from './sample-app.js';
import { demoScenario } from './script/scenario.js';
import { playScenario, type StepResult } from './script/play-scenario.js';

export interface DemoScriptArgs {
  hosts: number;
  port: number;
  dir?: string;
  json: boolean;
}

export interface DemoScriptDeps {
  /** The JSON summary (stdout). */
  out: (line: string) => void;
  /** Progress for people (stderr). */
  err: (line: string) => void;
  stopped: Promise<unknown>;
  self: string[];
}

/** The `--json` summary of `troupe demo --script`. */
export interface DemoScriptSummary {
  ok: boolean;
  hosts: string[];
  steps: StepResult[];
  /** Pins the stopped fleet had left behind (the demo removed them); a clean run leaves none. */
  pinsLeftBehind: number;
}

async function tagShas(origin: string): Promise<Record<string, string>> {
  const git = simpleGit(origin);
  const entries = await Promise.all(Object.keys(sampleVersions).map(async (tag) => [tag, (await git.raw(['rev-parse', `${tag}^{commit}`])).trim()] as const));
  return Object.fromEntries(entries);
}

/**
 * `troupe demo --script`: starts the demo fleet, plays the scenario, stops everything, and exits
 * 0 only if every step ended as expected and no pin was left behind.
 */
export async function runDemoScript(args: DemoScriptArgs, deps: DemoScriptDeps): Promise<number> {
  let interrupted = false;
  void deps.stopped.then(() => (interrupted = true));
  const fleet = await DemoFleet.start({ hosts: args.hosts, port: args.port, dir: args.dir, self: deps.self, log: deps.err });
  let steps: StepResult[] = [];
  let pinsLeftBehind = 0;
  try {
    deps.err(`fleet ready; the channel page is ${fleet.pageUrl} (watch the scenario there)`);
    const shas = await tagShas(fleet.layout.origin);
    const hosts = fleet.hosts.map((h) => h.name);
    steps = await playScenario(demoScenario, { slack: fleet.slack, hosts, shas, log: deps.err, interrupted: () => interrupted });
  } finally {
    const report = await fleet.stop();
    pinsLeftBehind = report.releasedPins.length;
    if (pinsLeftBehind > 0) deps.err(`${pinsLeftBehind} pin(s) were left behind and removed at stop`);
  }
  const summary: DemoScriptSummary = { ok: steps.length > 0 && steps.every((s) => s.ok) && pinsLeftBehind === 0, hosts: fleet.hosts.map((h) => h.name), steps, pinsLeftBehind };
  if (args.json) deps.out(JSON.stringify(summary, null, 2));
  deps.err(summary.ok ? 'every step ended as expected.' : 'the scenario did not end as expected.');
  return summary.ok ? 0 : 1;
}
