import type { BlockAction } from './socket-hints.js';
import type { AgentServices, DeployHandler, DeployHandlerFactory, DeployRequest } from './deploy-handler.js';
import { describe } from './thread.js';

/**
 * A deploy handler for a host with no deployments configured (no `app`): the real one (`load`) is
 * imported only when something reaches it, so an idle host does not hold the rollout code and its
 * libraries (git, process spawning) in memory. Without `app` the agent answers deploy commands
 * itself and never calls `handle`; a host's journal holds no rollout it would resume; what can
 * still come is a click on a rollout's promote button (Socket Mode gives each click to one random
 * agent), which loads and resumes the real handler and hands it the click.
 */
export function lazyDeployHandler(load: () => Promise<DeployHandlerFactory>): DeployHandlerFactory {
  return (services) => new LazyDeployHandler(services, load);
}

class LazyDeployHandler implements DeployHandler {
  readonly #services: AgentServices;
  readonly #load: () => Promise<DeployHandlerFactory>;
  #real: Promise<DeployHandler> | undefined;
  /** The real handler once it is loaded and resumed. */
  #ready: DeployHandler | undefined;
  #stopped = false;

  constructor(services: AgentServices, load: () => Promise<DeployHandlerFactory>) {
    this.#services = services;
    this.#load = load;
  }

  async resume(): Promise<void> {
    // Nothing in flight can exist on a host without deployments: loading waits for the first use.
  }

  async handle(request: DeployRequest): Promise<void> {
    await (await this.#loaded()).handle(request);
  }

  onBlockAction(action: BlockAction): void {
    if (this.#stopped) return;
    this.#loaded()
      .then((real) => real.onBlockAction?.(action))
      .catch((error: unknown) => this.#services.logger.warn(`could not load the deploy handler for a button click: ${describe(error)}`));
  }

  onThreadActivity(threadTs: string): void {
    this.#ready?.onThreadActivity?.(threadTs);
  }

  following(): boolean {
    return this.#ready?.following?.() ?? false;
  }

  statusText(): string {
    return this.#ready?.statusText?.() ?? '';
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    const real = await this.#real?.catch(() => undefined);
    await real?.stop();
  }

  #loaded(): Promise<DeployHandler> {
    this.#real ??= (async () => {
      const real = (await this.#load())(this.#services);
      await real.resume();
      this.#ready = real;
      return real;
    })().catch((error: unknown) => {
      this.#real = undefined;
      throw error;
    });
    return this.#real;
  }
}
