import { fail, pass, type CheckResult } from './check.js';
import type { DoctorConfig } from './doctor-config.js';

/** What the supervisor check asks of the host; `systemPorts` in system-ports.ts is the real one. */
export interface SupervisorPorts {
  /** Running processes and their argv. */
  processes(): Promise<{ pid: number; argv: string[] }[]>;
  /** Whether systemd is this machine's init (PID 1). */
  systemdBooted(): Promise<boolean>;
  /** `systemctl show` properties of a unit: LoadState, UnitFileState, ActiveState, User, ReadWritePaths. */
  unitProperties(unit: string): Promise<Record<string, string>>;
  /** The user running the doctor. */
  readonly user: string;
}

export const UNIT = 'troupe-agent.service';
const INSTALL = 'run sudo deploy/install.sh, then sudo systemctl enable --now troupe-agent';

/** `troupe supervise -- … agent …`: the demo supervisor (or a hand-made set-up) runs an agent. */
export function findSupervisor(processes: { pid: number; argv: string[] }[]): number | undefined {
  const found = processes.find(({ argv }) => {
    const at = argv.indexOf('supervise');
    return at > 0 && argv.slice(0, at).some((arg) => /troupe|cli\.[jt]s$/.test(arg)) && argv.slice(at).includes('agent');
  });
  return found?.pid;
}

/** The agent is kept running: by systemd (the unit installed, enabled, active, able to write its paths) or `troupe supervise`. */
export async function checkSupervisor(config: DoctorConfig, ports: SupervisorPorts, unit = UNIT): Promise<CheckResult> {
  const supervisor = findSupervisor(await ports.processes());
  if (supervisor !== undefined) return pass('supervisor', `an agent runs under troupe supervise (pid ${supervisor})`);
  if (!(await ports.systemdBooted())) {
    return fail(
      'supervisor',
      'this host does not run systemd, and no `troupe supervise` process is running',
      `run the agent as \`troupe supervise -- troupe agent --config ${config.file}\`, or install the unit on a host with systemd (deploy/install.sh)`,
    );
  }
  const props = await ports.unitProperties(unit);
  if (props.LoadState !== 'loaded') return fail('supervisor', `${unit} is not installed`, INSTALL);
  if (props.UnitFileState !== 'enabled') {
    return fail('supervisor', `${unit} is ${props.UnitFileState || 'not enabled'}`, 'sudo systemctl enable --now troupe-agent');
  }
  if (props.ActiveState !== 'active') {
    return fail('supervisor', `${unit} is enabled but ${props.ActiveState || 'not running'}`, 'sudo systemctl start troupe-agent; journalctl -u troupe-agent -n 50 says why it stopped');
  }
  const blocked = unwritable(config, props.ReadWritePaths ?? '');
  if (blocked.length > 0) {
    return fail(
      'supervisor',
      `${unit} cannot write ${blocked.join(' and ')} (ReadWritePaths=${props.ReadWritePaths || 'none'})`,
      'run deploy/install.sh again with --app-dir and --state-dir as in the configuration, then sudo systemctl restart troupe-agent',
    );
  }
  const runsAs = props.User || 'root';
  const note = runsAs === ports.user ? '' : `; the agent runs as ${runsAs}, the doctor as ${ports.user}: run it as \`sudo -u ${runsAs} troupe doctor\` to check files as the agent sees them`;
  return pass('supervisor', `${unit} is enabled and active (User=${runsAs})${note}`);
}

/** The configured paths that no ReadWritePaths entry covers (itself or an ancestor). */
function unwritable(config: DoctorConfig, readWritePaths: string): string[] {
  const writable = readWritePaths.split(/\s+/).filter(Boolean).map((path) => path.replace(/^[-+]+/, '').replace(/\/+$/, ''));
  const needed = [config.stateDir, ...(config.app ? [config.app.dir] : [])];
  return needed.filter((path) => !writable.some((root) => path === root || path.startsWith(`${root}/`)));
}
