import type { Clock } from './clock.js';
import type { CommandRunner } from './run-command.js';
import type { HealthSpec } from './types.js';

export interface Probe {
  readonly healthy: boolean;
  /** Why not healthy: "GET http://… answered 500", "exit code 1", the command's output. */
  readonly detail: string;
}

export interface HealthDeps {
  readonly run: CommandRunner;
  readonly clock: Clock;
  readonly fetch: typeof fetch;
}

/** One probe of the health check. */
export async function probeHealth(spec: HealthSpec, cwd: string, env: Record<string, string>, deps: HealthDeps): Promise<Probe> {
  if (spec.kind === 'command') {
    const result = await deps.run(spec.argv, { cwd, env, timeoutMs: spec.timeoutMs });
    return { healthy: result.ok, detail: `${spec.argv.join(' ')}: ${result.summary}\n${result.output}` };
  }
  try {
    const response = await deps.fetch(spec.url, { signal: AbortSignal.timeout(spec.timeoutMs) });
    const body = await response.text();
    return { healthy: response.ok, detail: `GET ${spec.url} answered ${response.status}: ${body.slice(0, 500)}` };
  } catch (error) {
    const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    return { healthy: false, detail: `GET ${spec.url} failed: ${reason}` };
  }
}

/** Probes until healthy or `deadline` (epoch ms) has passed; returns the last probe. */
export async function waitHealthy(
  spec: HealthSpec,
  cwd: string,
  env: Record<string, string>,
  options: { deadline: number; intervalMs: number },
  deps: HealthDeps,
): Promise<Probe> {
  for (;;) {
    const probe = await probeHealth(spec, cwd, env, deps);
    if (probe.healthy) return probe;
    if (deps.clock.now() + options.intervalMs > options.deadline) {
      return { healthy: false, detail: `not healthy by the deadline; last probe: ${probe.detail}` };
    }
    await deps.clock.sleep(options.intervalMs);
  }
}

/** Probes every `intervalMs` for `soakMs`; the first unhealthy probe ends the soak as failed. */
export async function soak(
  spec: HealthSpec,
  cwd: string,
  env: Record<string, string>,
  options: { soakMs: number; intervalMs: number },
  deps: HealthDeps,
): Promise<Probe> {
  const end = deps.clock.now() + options.soakMs;
  let last: Probe = { healthy: true, detail: 'no soak' };
  while (deps.clock.now() < end) {
    await deps.clock.sleep(Math.min(options.intervalMs, Math.max(0, end - deps.clock.now())));
    last = await probeHealth(spec, cwd, env, deps);
    if (!last.healthy) return { healthy: false, detail: `unhealthy while soaking: ${last.detail}` };
  }
  return last;
}
