/** What one demo host's agent configuration needs to know. */
export interface HostConfigInput {
  host: string;
  channel: string;
  operator: string;
  apiUrl: string;
  appDir: string;
  stateDir: string;
  port: number;
  botFile: string;
  appFile: string;
  /** The rate tiers of the demo's local Slack, as a multiple of Slack's. */
  rateScale: number;
  node: string;
}

const quote = (value: string) => JSON.stringify(value);

/**
 * The YAML configuration of one demo host: alice as the operator, the sample service as the
 * managed app (build `node build.js`, restart `node restart.js`, health on its own port), named
 * commands `uptime` and `version`, and timings short enough to watch a rollout happen.
 */
export function hostConfigYaml(c: HostConfigInput): string {
  const node = quote(c.node);
  const versionScript = `fetch('http://127.0.0.1:${c.port}/version').then((r) => r.text()).then((t) => console.log(t), (e) => { console.error(e.message); process.exit(1); })`;
  return [
    `# The demo's host ${c.host}; written by \`troupe demo\` at every start.`,
    `channel: ${c.channel}`,
    `host: ${c.host}`,
    `operators: [${c.operator}]`,
    `stateDir: ${quote(c.stateDir)}`,
    'tokens:',
    `  botFile: ${quote(c.botFile)}`,
    `  appFile: ${quote(c.appFile)}`,
    'commands:',
    '  uptime:',
    '    argv: [uptime]',
    '    description: how long this machine has been up, and its load',
    '  version:',
    `    argv: [${node}, -e, ${quote(versionScript)}]`,
    "    description: what the sample service answers at /version",
    'app:',
    `  dir: ${quote(c.appDir)}`,
    '  branch: main',
    `  build: [{ argv: [${node}, build.js], timeout: 60 }]`,
    `  restart: { argv: [${node}, restart.js], timeout: 30 }`,
    `  health: { url: ${quote(`http://127.0.0.1:${c.port}/health`)}, timeout: 1 }`,
    '  soak: 3',
    '  healthDeadline: 8',
    '  healthInterval: 0.3',
    'lease: 20',
    'rollout: { lockDelay: 3, grace: 8, backoff: 4, fastPoll: 0.5, slowPoll: 3 }',
    'slack:',
    `  apiUrl: ${quote(c.apiUrl)}`,
    `  rateScale: ${c.rateScale}`,
    '  minPollMs: 300',
    '  socket: true',
    'maxCommandAge: 300',
    '',
  ].join('\n');
}
