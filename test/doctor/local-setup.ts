import type { WorkspaceSeed } from '../../src/emulator/api.js';
import { startLocalSlack } from '../../src/emulator/index.js';
import { defaultSeed } from '../../src/emulator/seed.js';
import type { DoctorConfig } from '../../src/doctor/doctor-config.js';
import { REQUIRED_BOT_SCOPES } from '../../src/doctor/scopes.js';

/** The default workspace with every scope troupe requires, changed by `edit`. */
export function seedWith(edit: (seed: WorkspaceSeed) => void = () => undefined): WorkspaceSeed {
  const seed = defaultSeed();
  seed.bot.scopes = [...REQUIRED_BOT_SCOPES];
  edit(seed);
  return seed;
}

/** A local Slack with that seed, and a configuration pointing at it; `close` when done. */
export async function localSetup(seed: WorkspaceSeed, overrides: Partial<DoctorConfig> = {}) {
  const slack = await startLocalSlack({ seed, rateLimits: 'off' });
  const config: DoctorConfig = {
    file: '/etc/troupe/agent.yaml',
    host: 'web-1',
    channel: slack.channel,
    apiUrl: slack.apiUrl,
    stateDir: '/nonexistent/troupe-state',
    tokens: { bot: slack.botToken, app: slack.appToken },
    slack: { socket: true },
    ...overrides,
  };
  return { slack, config, close: () => slack.close() };
}
