import { join } from 'node:path';

/** Where one demo host keeps its things, all under the demo directory. */
export interface HostLayout {
  name: string;
  /** The host's working tree: a clone of the sample origin. */
  appDir: string;
  stateDir: string;
  config: string;
  botFile: string;
  appFile: string;
  /** The sample service's pid file and log (kept outside the working tree). */
  pidFile: string;
  serviceLog: string;
  /** The supervisor's and agent's output. */
  agentLog: string;
}

export interface DemoLayout {
  dir: string;
  origin: string;
  /** The local Slack's data file (messages, pins, reactions), so that `--dir` keeps the channel. */
  slackData: string;
  hosts: HostLayout[];
}

/** Host names of the demo: web-1 … web-N. */
export function hostNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `web-${i + 1}`);
}

/** The demo directory's layout for `count` hosts. */
export function demoLayout(dir: string, count: number): DemoLayout {
  return {
    dir,
    origin: join(dir, 'origin.git'),
    slackData: join(dir, 'slack.json'),
    hosts: hostNames(count).map((name) => {
      const home = join(dir, 'hosts', name);
      const stateDir = join(home, 'state');
      return {
        name,
        appDir: join(home, 'app'),
        stateDir,
        config: join(home, 'agent.yaml'),
        botFile: join(home, 'bot.token'),
        appFile: join(home, 'app.token'),
        pidFile: join(stateDir, 'service.pid'),
        serviceLog: join(stateDir, 'service.log'),
        agentLog: join(home, 'agent.log'),
      };
    }),
  };
}
