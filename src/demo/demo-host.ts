import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { simpleGit } from 'simple-git';
import type { HostLayout } from './demo-layout.js';
import { hostConfigYaml } from './host-config.js';

/** What the demo needs from its local Slack to configure a host. */
export interface DemoSlack {
  channel: string;
  apiUrl: string;
  botToken: string;
  appToken: string;
  users: Record<string, string>;
}

export interface PreparedHost extends HostLayout {
  /** The sample service's port on this run. */
  port: number;
  /** The environment the host's agent (and so its build, restart and commands) runs with. */
  env: Record<string, string>;
}

/** A TCP port on loopback that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Clones the origin and builds v1, once: a kept demo directory keeps each host's tree as it is. */
async function ensureWorkingTree(host: HostLayout, origin: string, node: string): Promise<void> {
  if (existsSync(host.appDir)) return;
  await simpleGit().raw(['clone', '--quiet', origin, host.appDir]);
  await simpleGit(host.appDir).raw(['checkout', '--quiet', '--detach', 'v1']);
  await execa(node, ['build.js'], { cwd: host.appDir });
}

/** Token files readable only by their owner, as on a real host (never in the environment). */
async function writeTokens(host: HostLayout, slack: DemoSlack): Promise<void> {
  await writeFile(host.botFile, `${slack.botToken}\n`, { mode: 0o600 });
  await writeFile(host.appFile, `${slack.appToken}\n`, { mode: 0o600 });
}

/** Gets one host ready: working tree, state directory, token files and its configuration. */
export async function prepareHost(host: HostLayout, origin: string, slack: DemoSlack, rateScale: number, node = process.execPath): Promise<PreparedHost> {
  await mkdir(host.stateDir, { recursive: true });
  await ensureWorkingTree(host, origin, node);
  await writeTokens(host, slack);
  const port = await freePort();
  const operator = slack.users.alice;
  if (!operator) throw new Error('the local Slack has no user alice to be the operator');
  await writeFile(host.config, hostConfigYaml({
    host: host.name, channel: slack.channel, operator, apiUrl: slack.apiUrl, appDir: host.appDir, stateDir: host.stateDir,
    port, botFile: host.botFile, appFile: host.appFile, rateScale, node,
  }));
  return { ...host, port, env: { PORT: String(port), SAMPLE_PIDFILE: host.pidFile, SAMPLE_LOG: host.serviceLog } };
}

/** Starts the host's sample service on whatever revision its tree has (the restart script detaches it). */
export async function startService(host: PreparedHost, node = process.execPath): Promise<void> {
  const result = await execa(node, ['restart.js'], { cwd: host.appDir, env: host.env, reject: false, all: true });
  if (result.exitCode !== 0) throw new Error(`${host.name}: the sample service did not start: ${String(result.all ?? '').slice(-500)}`);
}
