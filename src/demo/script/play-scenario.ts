import type { LocalSlack } from '../../emulator/api.js';
import type { ScenarioStep, StepOutcome, StepView } from './scenario.js';

export interface StepResult extends StepOutcome {
  name: string;
  user: string;
  text: string;
  /** The step's message. */
  ts?: string;
  seconds: number;
  status: 'ok' | 'failed' | 'timed-out' | 'skipped';
}

export interface PlayContext {
  slack: LocalSlack;
  hosts: string[];
  shas: Record<string, string>;
  /** One line per step, for people. */
  log: (line: string) => void;
  /** True once the person asked to stop. */
  interrupted: () => boolean;
  pollMs?: number;
}

interface Message {
  ts: string;
  thread_ts?: string;
}

/** The messages of one thread (parent first) as Slack returns them with all metadata. */
function threadOf(slack: LocalSlack, ts: string | undefined): unknown[] {
  if (!ts) return [];
  return (slack.snapshot() as Message[]).filter((m) => m.ts === ts || m.thread_ts === ts);
}

async function playStep(step: ScenarioStep, ctx: PlayContext, rolloutTs: string | undefined): Promise<StepResult> {
  const started = Date.now();
  const { ts } = await ctx.slack.postAsUser({ user: step.user, text: step.text });
  const base = { name: step.name, user: step.user, text: step.text, ts };
  for (;;) {
    const view: StepView = { thread: threadOf(ctx.slack, ts), rolloutThread: threadOf(ctx.slack, rolloutTs ?? ts), hosts: ctx.hosts, shas: ctx.shas };
    const outcome = step.judge(view);
    const seconds = (Date.now() - started) / 1000;
    if (outcome) return { ...base, ...outcome, seconds, status: outcome.ok ? 'ok' : 'failed' };
    if (ctx.interrupted()) return { ...base, ok: false, summary: 'interrupted', detail: {}, seconds, status: 'skipped' };
    if (Date.now() - started > step.timeoutMs) {
      return { ...base, ok: false, summary: `no outcome within ${step.timeoutMs / 1000}s (see the thread and the hosts' agent.log)`, detail: {}, seconds, status: 'timed-out' };
    }
    await new Promise((resolve) => setTimeout(resolve, ctx.pollMs ?? 300));
  }
}

/**
 * Plays the steps in order: posts each step's message as its person, then judges the thread
 * through the protocol's reducers until the step has an outcome. After a failure the remaining
 * steps are skipped (they would start from a fleet in an unknown state).
 */
export async function playScenario(steps: ScenarioStep[], ctx: PlayContext): Promise<StepResult[]> {
  const results: StepResult[] = [];
  let rolloutTs: string | undefined;
  for (const [index, step] of steps.entries()) {
    const label = `[${index + 1}/${steps.length}] ${step.user}: ${step.text}`;
    if (results.some((r) => !r.ok)) {
      results.push({ name: step.name, user: step.user, text: step.text, ok: false, summary: 'skipped after a failed step', detail: {}, seconds: 0, status: 'skipped' });
      ctx.log(`${label}: skipped`);
      continue;
    }
    ctx.log(`${label} (${step.name})…`);
    const result = await playStep(step, ctx, rolloutTs);
    if (step.startsRollout) rolloutTs = result.ts;
    results.push(result);
    ctx.log(`${label}: ${result.status} after ${result.seconds.toFixed(1)}s: ${result.summary}`);
  }
  return results;
}
