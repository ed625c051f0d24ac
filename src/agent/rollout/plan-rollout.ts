import { TroupeError } from '../../errors.js';
import { checkRef, planOrder, type FleetState, type ProtocolInput } from '../../protocol/index.js';
import { prepareUpdate } from '../executor/index.js';
import type { AgentConfig } from '../config.js';
import type { DeployCommand } from '../decide.js';
import { updateConfig } from './update-config.js';

export type RolloutCommand = Extract<DeployCommand, { action: 'canary' | 'rolling' }>;

/** The plan could not be made: the whole rollout is refused with this reason, nothing changes. */
export class PlanRefusedError extends TroupeError {
  override readonly code = 'plan_refused';
}

/**
 * The plan record of a rollout (DESIGN §5): the ref resolved once, here, to the sha every host
 * deploys (fetched, reachable from the allowed branch, this host's tree clean), the host order
 * (named hosts, else the live fleet by name; the canary first), and the settings of the rollout.
 */
export async function makePlan(
  config: AgentConfig,
  command: RolloutCommand,
  fleet: FleetState,
  by: string,
  /** The clone's fetch, made in turn with the agent's others (`FetchAhead.forPlan`): two at once can fail. */
  fetch: () => Promise<void>,
): Promise<ProtocolInput<'plan'>> {
  const app = config.app;
  if (!app) throw new PlanRefusedError('deployments are not configured on this host (no `app` in its configuration)');
  const ref = command.ref ?? app.branch;
  const bad = checkRef(ref);
  if (bad) throw new PlanRefusedError(bad);
  const planned = planOrder(fleet, command.action === 'rolling' ? command.hosts : undefined);
  if ('error' in planned) throw new PlanRefusedError(planned.error);
  const { order } = planned;
  let sha: string;
  try {
    await fetch();
    sha = (await prepareUpdate(updateConfig(config, { healthDeadlineS: app.healthDeadline, soakS: app.soak }), ref, { fetched: true })).toSha;
  } catch (error) {
    throw new PlanRefusedError(error instanceof Error ? error.message : String(error), { cause: error });
  }
  return {
    mode: command.action,
    ref,
    sha,
    order,
    batch: command.action === 'rolling' ? (command.batch ?? 1) : 1,
    max_failures: command.action === 'rolling' ? (command.maxFailures ?? 0) : 0,
    lease_s: Math.round(config.lease),
    health_deadline_s: Math.ceil(app.healthDeadline),
    soak_s: Math.round(app.soak),
    promotion: 'manual',
    continue_on_lost: false,
    by: /^[A-Za-z0-9._-]{1,64}$/.test(by) ? by : undefined,
  };
}
