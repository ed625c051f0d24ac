import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeployHandlerFactory } from '../../../src/agent/deploy-handler.js';
import { runAgent } from '../../../src/agent/run-agent.js';
import { startLocalSlack } from '../../../src/emulator/index.js';

/** One agent (web-1, no socket, rateScale 20, polls at least 200 ms apart) on a fresh local Slack, with `deployHandler`. */
export async function startAgent(deployHandler: DeployHandlerFactory) {
  const slack = await startLocalSlack({ rateLimits: 'off' });
  const dir = mkdtempSync(join(tmpdir(), 'troupe-one-agent-test-'));
  const config = join(dir, 'agent.yaml');
  writeFileSync(
    config,
    [`channel: ${slack.channel}`, 'host: web-1', `operators: [${slack.users.alice}]`, `stateDir: ${join(dir, 'state')}`,
      'app:', '  dir: /srv/app', 'slack:', '  rateScale: 20', '  minPollMs: 200', '  socket: false', ''].join('\n'),
  );
  const signals = new EventEmitter();
  const lines: string[] = [];
  const logger = { info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) };
  const env = { SLACK_BOT_TOKEN: slack.botToken, SLACK_API_URL: slack.apiUrl };
  const running = runAgent({ config }, { env, logger, signals, deployHandler });
  return {
    slack,
    lines,
    running,
    stop: () => signals.emit('SIGTERM', 'SIGTERM'),
    close: async () => {
      signals.emit('SIGTERM', 'SIGTERM');
      await running.catch(() => undefined);
      await slack.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

