import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleGit } from 'simple-git';
import { ChaosFleet } from './chaos-fleet.js';
import { checkExecutions, checkHosts, checkI2, checkI3, type HostEnd, type LockEvent } from './invariants.js';
import { describeSchedule, type Fault, type Schedule } from './schedule.js';

/** Seconds a run's rollout and command may take, faults included, before liveness fails. */
export const BOUND_S = 150;

export interface RunOutcome {
  seed: number;
  ok: boolean;
  summary: string;
  errors: string[];
  schedule: string;
  seconds: number;
  /** Where the hosts' output and the thread of a failed run were saved. */
  log?: string;
}

interface SnapshotMessage {
  ts: string;
  thread_ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One chaos run: a fleet, a rollout and a remote command, the schedule's faults, then the checks. */
export async function chaosRun(schedule: Schedule): Promise<RunOutcome> {
  const dir = await mkdtemp(join(tmpdir(), 'troupe-chaos-'));
  const started = Date.now();
  const fleet = await ChaosFleet.create(dir, schedule.hosts, schedule.ackTimeoutMs);
  const names = fleet.hosts.map((h) => h.name);
  try {
    for (const name of names) fleet.start(name);
    const serving = (n: string) => fleet.host(n).output.join('').includes(' serving ');
    await waitFor(() => names.every((n) => serving(n) && roster(fleet, n)?.state === 'idle'), 90_000, 'every agent serving and idle in the roster');
    const id = `c${schedule.seed}`;
    const { ts } = await fleet.slack.postAsUser({ user: 'alice', text: `deploy ${schedule.mode} v2` });
    const { ts: runTs } = await fleet.slack.postAsUser({ user: 'alice', text: `run note ${id} on all` });
    const t0 = Date.now();
    const faults = schedule.faults.map((f) => inject(fleet, f, t0));
    let promoted = false;
    const ended = await waitFor(async () => {
      const thread = records(fleet, ts);
      const kinds = thread.map((r) => r.kind);
      if (schedule.mode === 'canary' && !promoted && kinds.includes('canary_healthy')) {
        promoted = true;
        await fleet.slack.postAsUser({ user: 'alice', text: 'deploy promote' }).catch(() => (promoted = false));
      }
      // Hosts, not records: a host killed after its `done` posts it again when it resumes.
      const doneHosts = new Set(thread.filter((r) => r.kind === 'done').map((r) => String(r.payload.host)));
      const rolloutEnded = kinds.includes('halted') || doneHosts.size >= names.length;
      // A host killed while it ran the command reports it interrupted and never runs it again
      // (at most once): that is an end too.
      const lines = await fleet.executionLines();
      const ran = names.every((n) => lines.includes(`${n} ${id}`) || interrupted(fleet, n, runTs));
      return rolloutEnded && ran && (await settled(fleet));
    }, BOUND_S * 1000, 'the rollout and the command to end').then(() => true, () => false);
    await Promise.all(faults);
    const outcome = await check(fleet, schedule, { ts, id, ended, started, interrupted: names.filter((n) => interrupted(fleet, n, runTs)) });
    if (!outcome.ok) outcome.log = await saveLog(fleet, schedule, ts);
    return outcome;
  } finally {
    await fleet.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Whether `host`'s journal says the command `ts` was interrupted there (reported, not run again). */
function interrupted(fleet: ChaosFleet, host: string, ts: string): boolean {
  try {
    const journal = JSON.parse(readFileSync(join(fleet.host(host).stateDir, 'journal.json'), 'utf8')) as { handled?: Record<string, { phase?: string }> };
    return journal.handled?.[ts]?.phase === 'interrupted';
  } catch {
    return false;
  }
}

async function check(fleet: ChaosFleet, schedule: Schedule, run: { ts: string; id: string; ended: boolean; started: number; interrupted: string[] }): Promise<RunOutcome> {
  const names = fleet.hosts.map((h) => h.name);
  const errors: string[] = [];
  if (!run.ended) errors.push(`liveness: the rollout or the command did not end within ${BOUND_S} s`);
  errors.push(...checkI2(await fleet.timelineLines()));
  const removals = fleet.callLog().filter((c) => c.method === 'pins.remove' && c.status === 200 && !c.error).map((c) => ({ client: c.client, time: c.time }));
  errors.push(...checkI3(removals, lockEvents(fleet)));
  const done = new Set(records(fleet, run.ts).filter((r) => r.kind === 'done').map((r) => String(r.payload.host)));
  const ends = await Promise.all(fleet.hosts.map((h) => hostEnd(h.name, h.repoDir, h.stateDir, done.has(h.name))));
  errors.push(...checkHosts(ends, { from: fleet.origin.shas.v1, to: fleet.origin.shas.v2 }));
  errors.push(...checkExecutions(await fleet.executionLines(), names, run.id, run.ended, run.interrupted));
  const kinds = records(fleet, run.ts).map((r) => r.kind);
  const halt = records(fleet, run.ts).find((r) => r.kind === 'halted');
  const summary = kinds.includes('halted') ? `halted (${String(halt?.payload.code)}: ${String(halt?.payload.reason).slice(0, 60)})` : `${done.size}/${names.length} done`;
  return { seed: schedule.seed, ok: errors.length === 0, summary, errors, schedule: describeSchedule(schedule), seconds: Math.round((Date.now() - run.started) / 1000) };
}

async function saveLog(fleet: ChaosFleet, schedule: Schedule, ts: string): Promise<string> {
  const file = join(tmpdir(), `troupe-chaos-seed-${schedule.seed}.log`);
  const thread = messages(fleet).filter((m) => m.thread_ts === ts || m.ts === ts).map((m) => `${m.ts} ${m.metadata?.event_type ?? ''} ${JSON.stringify(m.metadata?.event_payload ?? {})}`);
  const hosts = fleet.hosts.map((h) => `--- ${h.name}\n${h.output.join('')}`);
  await writeFile(file, [describeSchedule(schedule), '--- thread', ...thread, '--- timeline', ...(await fleet.timelineLines()), ...hosts].join('\n'));
  return file;
}

async function inject(fleet: ChaosFleet, fault: Fault, t0: number): Promise<void> {
  if (fault.kind === 'kill-in-section') {
    const entered = await waitFor(async () => (await fleet.timelineLines()).some((l) => l.startsWith(`enter ${fault.host} `)), 60_000, '').then(() => true, () => false);
    if (entered) await bounce(fleet, fault.host, fault.downMs);
    return;
  }
  await sleep(Math.max(0, t0 + fault.atMs - Date.now()));
  const slack = fleet.slack;
  switch (fault.kind) {
    case 'kill': return bounce(fleet, fault.host, fault.downMs);
    case 'drop-sockets': return slack.dropSockets();
    case 'storm': return slack.setFaults({ rateLimitStorm: { seconds: fault.seconds, retryAfter: 1 } });
    case 'burst-5xx': return slack.setFaults({ errorBurst: { count: fault.count, kind: 'http5xx' } });
    case 'cut-off': return slack.cutOff(fault.host, fault.ms);
    case 'restart-slack': return fleet.restartSlack(fault.downMs);
  }
}

async function bounce(fleet: ChaosFleet, host: string, downMs: number): Promise<void> {
  fleet.kill(host);
  await sleep(downMs);
  fleet.start(host);
}

function messages(fleet: ChaosFleet): SnapshotMessage[] {
  return fleet.slack.snapshot() as SnapshotMessage[];
}

function roster(fleet: ChaosFleet, host: string): Record<string, unknown> | undefined {
  return messages(fleet).filter((m) => m.metadata?.event_type === 'troupe_agent' && m.metadata.event_payload?.host === host).at(-1)?.metadata?.event_payload;
}

function records(fleet: ChaosFleet, ts: string): { kind: string; payload: Record<string, unknown> }[] {
  return messages(fleet)
    .filter((m) => m.thread_ts === ts && m.ts !== ts && m.metadata?.event_type)
    .map((m) => ({ kind: String(m.metadata?.event_type).replace(/^troupe_/, ''), payload: m.metadata?.event_payload ?? {} }));
}

function lockEvents(fleet: ChaosFleet): LockEvent[] {
  const kinds: Record<string, LockEvent['kind']> = { troupe_claim: 'claim', troupe_release: 'release', troupe_break: 'break' };
  return messages(fleet).flatMap((m) => {
    const kind = kinds[m.metadata?.event_type ?? ''];
    return kind ? [{ kind, host: String(m.metadata?.event_payload?.host ?? ''), ms: Math.round(Number(m.ts) * 1000) }] : [];
  });
}

async function journalPhase(stateDir: string): Promise<string | undefined> {
  const text = await readFile(join(stateDir, 'update.json'), 'utf8').catch(() => '');
  if (!text) return undefined;
  return String((JSON.parse(text) as { phase?: unknown }).phase);
}

/** Every host's update journal is gone or final. */
async function settled(fleet: ChaosFleet): Promise<boolean> {
  const phases = await Promise.all(fleet.hosts.map((h) => journalPhase(h.stateDir)));
  return phases.every((p) => p === undefined || ['done', 'reverted', 'revert-failed'].includes(p));
}

async function hostEnd(host: string, repoDir: string, stateDir: string, done: boolean): Promise<HostEnd> {
  const git = simpleGit({ baseDir: repoDir });
  const head = (await git.raw(['rev-parse', 'HEAD'])).trim();
  const clean = (await git.raw(['status', '--porcelain'])).trim() === '';
  return { host, head, clean, journalPhase: await journalPhase(stateDir), done };
}

async function waitFor(probe: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}
