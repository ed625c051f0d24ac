import { execa } from 'execa';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalSlack } from '../src/emulator/index.js';
import { quantile } from './fleet/rollout-metrics.js';

/**
 * The agent's footprint: one idle agent (a real `troupe agent` process, the built binary) over
 * `--seconds` (default 60) against the local Slack with Slack's tiers: RSS and CPU from /proc;
 * and cold starts of `troupe --help` and `troupe status --json` (median of `--runs`, default 5).
 *
 *   npm run build && npm run bench -- agent [--json] [--seconds 60] [--runs 5] [--cli FILE]
 *
 * `--cli` runs another build of the CLI (a `bin/troupe.js` or `dist/cli.js`), e.g. a copy of the
 * build before a change, to measure both side by side on one machine.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const defaultBin = join(root, 'bin', 'troupe.js');
const TICKS = 100;

function option(argv: string[], name: string, fallback: number): number {
  const at = argv.indexOf(name);
  const value = at >= 0 ? Number(argv[at + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} takes a positive number, e.g. ${name} ${fallback}`);
  return value;
}

/**
 * CPU seconds (user + system) and RSS (MB) of a process, from /proc; RSS split into its private
 * part (anonymous: the V8 heap, malloc) and the pages of files (the node binary, shared with every
 * other Node.js process).
 */
function sample(pid: number): { cpuS: number; rssMb: number; anonMb: number; fileMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuS = (Number(fields[11]) + Number(fields[12])) / TICKS;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const mb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
  return { cpuS, rssMb: mb('VmRSS'), anonMb: mb('RssAnon'), fileMb: mb('RssFile') };
}

const tenth = (mb: number) => Math.round(mb * 10) / 10;

async function timed(bin: string, argv: string[], env: Record<string, string>, runs: number): Promise<{ medianMs: number; minMs: number }> {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    const result = await execa(process.execPath, [bin, ...argv], { env, reject: false });
    if (result.exitCode !== 0) throw new Error(`troupe ${argv.join(' ')} exited ${result.exitCode}: ${String(result.stderr).slice(0, 300)}`);
    times.push(performance.now() - start);
  }
  return { medianMs: Math.round(quantile(times, 0.5)), minMs: Math.round(Math.min(...times)) };
}

export async function run(argv: string[]): Promise<void> {
  const json = argv.includes('--json');
  const seconds = option(argv, '--seconds', 60);
  const runs = option(argv, '--runs', 5);
  const cliAt = argv.indexOf('--cli');
  const bin = cliAt >= 0 ? resolve(argv[cliAt + 1] ?? '') : defaultBin;
  if (!existsSync(join(root, 'dist', 'cli.js'))) throw new Error('the built CLI is missing: run `npm run build` first');
  if (!existsSync(bin)) throw new Error(`${bin} does not exist: give --cli the path of a built troupe CLI`);
  const slack = await startLocalSlack({ rateLimits: 'slack' });
  const dir = await mkdtemp(join(tmpdir(), 'troupe-bench-agent-'));
  const env = { PATH: process.env.PATH ?? '', HOME: dir, SLACK_BOT_TOKEN: slack.botToken, SLACK_APP_TOKEN: slack.appToken, SLACK_API_URL: slack.apiUrl };
  const config = join(dir, 'agent.yaml');
  await writeFile(config, `channel: ${slack.channel}\nhost: idle-1\noperators: [${slack.users.alice}]\nstateDir: ${join(dir, 'state')}\n`);
  const agent = execa(process.execPath, [bin, 'agent', '--config', config], { env, reject: false, all: true });
  try {
    let output = '';
    agent.all?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const startedAt = Date.now();
    while (!output.includes(' serving ')) {
      if (Date.now() - startedAt > 60_000 || agent.exitCode !== null) throw new Error(`the agent did not start:\n${output.slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const pid = agent.pid ?? 0;
    const before = sample(pid);
    const callsBefore = slack.callLog().length;
    let peakMb = before.rssMb;
    const t0 = performance.now();
    for (let i = 0; i < seconds; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      peakMb = Math.max(peakMb, sample(pid).rssMb);
    }
    const after = sample(pid);
    const wallS = (performance.now() - t0) / 1000;
    const idle = {
      seconds: Math.round(wallS),
      rssMb: tenth(after.rssMb),
      rssAnonMb: tenth(after.anonMb),
      rssFileMb: tenth(after.fileMb),
      peakRssMb: tenth(peakMb),
      cpuPercent: Math.round(((after.cpuS - before.cpuS) / wallS) * 10000) / 100,
      callsPerMinute: Math.round(((slack.callLog().length - callsBefore) / wallS) * 600) / 10,
    };
    const help = await timed(bin, ['--help'], env, runs);
    const status = await timed(bin, ['status', '--json', '--channel', slack.channel], env, runs);
    const result = { benchmark: 'agent', idle, helpColdStartMs: help, statusJsonColdStartMs: status, goals: { idleRssUnder80Mb: idle.rssMb < 80, idleCpuUnder1Percent: idle.cpuPercent < 1, helpUnder300Ms: help.medianMs < 300 } };
    if (json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else {
      process.stdout.write(`idle agent over ${idle.seconds} s: RSS ${idle.rssMb} MB (anonymous ${idle.rssAnonMb}, files ${idle.rssFileMb}; peak ${idle.peakRssMb} MB), CPU ${idle.cpuPercent} %, ${idle.callsPerMinute} Slack calls/min\n`);
      process.stdout.write(`troupe --help: median ${help.medianMs} ms (min ${help.minMs} ms) over ${runs} runs\n`);
      process.stdout.write(`troupe status --json: median ${status.medianMs} ms (min ${status.minMs} ms) over ${runs} runs\n`);
      process.stdout.write(`goals: ${JSON.stringify(result.goals)}\n`);
    }
  } finally {
    agent.kill('SIGTERM');
    await agent;
    await slack.close();
    await rm(dir, { recursive: true, force: true });
  }
}
