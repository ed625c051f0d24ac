import { simpleGit } from 'simple-git';
import { isFreshAndHealthy, planOrder, type FleetState } from '../../protocol/index.js';
import type { AgentConfig } from '../config.js';
import { makePlan, type RolloutCommand } from './plan-rollout.js';

const MAX_COMMITS_SHOWN = 5;

async function commitsBetween(dir: string, from: string | undefined, to: string): Promise<string> {
  if (!from) return 'sha unknown (the agent has not said which it runs)';
  if (from === to) return 'already on it';
  const git = simpleGit({ baseDir: dir });
  try {
    const ahead = (await git.raw(['rev-list', '--count', `${from}..${to}`])).trim();
    const behind = (await git.raw(['rev-list', '--count', `${to}..${from}`])).trim();
    const log = (await git.raw(['log', '--oneline', '--no-decorate', `-${MAX_COMMITS_SHOWN}`, `${from}..${to}`])).trim();
    const lines = log ? log.split('\n').map((l) => `      ${l}`) : [];
    return [`${ahead} commit(s) to apply${behind !== '0' ? `, ${behind} to leave (going back)` : ''}`, ...lines].join('\n');
  } catch {
    return `from ${from.slice(0, 12)} (not in this host's clone)`;
  }
}

/**
 * `deploy plan [REF]`: the plan a rollout would make, without taking any lock or changing any
 * host: the sha, the order, the commits each host would get, and the hosts that would stop it.
 * `fetch`: the clone's fetch, made in turn with the agent's others (two at once can fail).
 */
export async function dryRunText(config: AgentConfig, ref: string | undefined, fleet: FleetState, by: string, fetch: () => Promise<void>): Promise<string> {
  const command: RolloutCommand = { kind: 'deploy', action: 'rolling', ...(ref ? { ref } : {}) };
  const unhealthy = fleet.hosts.filter((a) => !isFreshAndHealthy(a)).map((a) => `${a.host} (${a.stale ? `no heartbeat for ${Math.round(a.ageS)} s` : a.state})`);
  let plan;
  try {
    plan = await makePlan(config, command, fleet, by, fetch);
  } catch (error) {
    const order = planOrder(fleet);
    return [`📝 *dry run*: \`deploy rolling ${ref ?? ''}\` would be refused: ${error instanceof Error ? error.message : String(error)}`,
      'order' in order ? `order: ${order.order.join(' → ')}` : '', unhealthy.length ? `unhealthy: ${unhealthy.join(', ')}` : ''].filter(Boolean).join('\n');
  }
  const dir = config.app?.dir ?? '.';
  const perHost = await Promise.all(plan.order.map(async (host) => `  • ${host}: ${await commitsBetween(dir, fleet.hosts.find((a) => a.host === host)?.sha, plan.sha)}`));
  return [
    `📝 *dry run* (no lock taken, nothing changed): \`${plan.ref}\` → \`${plan.sha}\``,
    `order: ${plan.order.join(' → ')} · batch ${plan.batch} · max failures ${plan.max_failures} · health deadline ${plan.health_deadline_s} s · soak ${plan.soak_s} s`,
    ...perHost,
    unhealthy.length > 0 ? `unhealthy (would stop a rollout): ${unhealthy.join(', ')}` : 'every host is fresh and healthy',
  ].join('\n');
}
