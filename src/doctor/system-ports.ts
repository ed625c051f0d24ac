import { readdir, readFile, stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { execa } from 'execa';
import type { SupervisorPorts } from './supervisor-check.js';

const PROPERTIES = ['LoadState', 'UnitFileState', 'ActiveState', 'User', 'ReadWritePaths'];

/** The host as it is: /proc for processes, systemctl for units. */
export const systemPorts: SupervisorPorts = {
  user: safeUserName(),
  async processes() {
    const entries = await readdir('/proc').catch(() => [] as string[]);
    const found = await Promise.all(
      entries
        .filter((name) => /^\d+$/.test(name))
        .map(async (name) => {
          const raw = await readFile(`/proc/${name}/cmdline`, 'utf8').catch(() => '');
          return { pid: Number(name), argv: raw.split('\0').filter(Boolean) };
        }),
    );
    return found.filter((entry) => entry.argv.length > 0);
  },
  async systemdBooted() {
    // systemd's own test (sd_booted): this directory exists only when systemd is PID 1.
    return (await stat('/run/systemd/system').catch(() => undefined))?.isDirectory() === true;
  },
  async unitProperties(unit) {
    const shown = await execa('systemctl', ['show', `--property=${PROPERTIES.join(',')}`, unit], { reject: false });
    return parseSystemctlShow(shown.stdout);
  },
};

/** `systemctl show` output (`Key=value` lines; values may contain `=`) as a record. */
export function parseSystemctlShow(text: string): Record<string, string> {
  const props: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) props[line.slice(0, at)] = line.slice(at + 1);
  }
  return props;
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return String(process.getuid?.() ?? 'unknown');
  }
}
