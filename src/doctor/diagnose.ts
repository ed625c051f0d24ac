import { fail, pass, skip, CHECK_TITLES, type CheckId, type CheckResult } from './check.js';
import { checkChannel } from './channel-check.js';
import type { DoctorConfig } from './doctor-config.js';
import { checkRepository, checkWorkingTree, gitFor, type GitFor } from './repository-checks.js';
import { checkScopes } from './scope-check.js';
import { createDoctorSlack, type DoctorSlack } from './slack-clients.js';
import { checkSocket } from './socket-check.js';
import { checkStateDir } from './state-dir-check.js';
import { checkSupervisor, UNIT, type SupervisorPorts } from './supervisor-check.js';
import { checkAppToken, checkBotToken } from './token-checks.js';
import { redact } from '../util/redact.js';

export type Env = Record<string, string | undefined>;

export interface DoctorDeps {
  env: Env;
  /** The agent's loader: the same file, environment and rules the agent starts with. */
  loadConfig(path: string | undefined, env: Env): DoctorConfig;
  system: SupervisorPorts;
  /** Default: the official clients at the configuration's `apiUrl`. */
  slackFor?(config: DoctorConfig): DoctorSlack;
  git?: GitFor;
  unit?: string;
  socketTimeoutMs?: number;
}

export interface DoctorReport {
  readonly ok: boolean;
  readonly config?: string;
  readonly host?: string;
  readonly checks: readonly CheckResult[];
}

/** Runs every check in order; a check whose prerequisite failed is reported as skipped, with why. */
export async function diagnose(configPath: string | undefined, deps: DoctorDeps): Promise<DoctorReport> {
  let config: DoctorConfig;
  try {
    config = deps.loadConfig(configPath, deps.env);
  } catch (error) {
    const message = redact(error instanceof Error ? error.message : String(error)).split('\n').join('; ');
    // Files set up for the agent's user (install.sh) look wrong to anyone else, root included.
    const fix = /belongs to another user|EACCES/.test(message)
      ? "run the doctor as the agent's user: sudo -u troupe troupe doctor --config FILE"
      : 'correct the configuration as said; deploy/agent.example.yaml shows every key';
    return report(undefined, [fail('config', message, fix), ...skipAll(['config'], 'needs a valid configuration')]);
  }
  const slack = deps.slackFor ? deps.slackFor(config) : createDoctorSlack(config.apiUrl, `${config.host}-doctor`);
  const git = deps.git ?? gitFor;
  const checks: CheckResult[] = [pass('config', `${config.file} (host ${config.host}, channel ${config.channel})`)];
  checks.push(...(await botChecks(config, slack)));
  checks.push(...(await socketChecks(config, slack, deps.socketTimeoutMs)));
  const repository = await checkRepository(config, git);
  checks.push(repository);
  checks.push(repository.status === 'pass' ? await checkWorkingTree(config, git) : skip('working-tree', 'needs the app repository'));
  checks.push(await checkStateDir(config));
  checks.push(await checkSupervisor(config, deps.system, deps.unit ?? UNIT));
  return report(config, checks);
}

async function botChecks(config: DoctorConfig, slack: DoctorSlack): Promise<CheckResult[]> {
  const web = slack.web(config.tokens.bot);
  const { result, bot } = await checkBotToken(config, web);
  if (!bot) return [result, skip('scopes', 'needs a working bot token'), skip('channel', 'needs a working bot token')];
  return [result, checkScopes(bot.scopes), await checkChannel(config, web, bot)];
}

async function socketChecks(config: DoctorConfig, slack: DoctorSlack, timeoutMs?: number): Promise<CheckResult[]> {
  if (!config.slack.socket) {
    const off = 'Socket Mode is off (slack.socket: false): the agent polls only';
    return [skip('app-token', off), skip('socket', off)];
  }
  const token = await checkAppToken(config, slack.web(config.tokens.app ?? ''));
  if (token.status !== 'pass') return [token, skip('socket', 'needs a working app-level token')];
  return [token, await checkSocket(config, slack.socket(config.tokens.app ?? ''), timeoutMs)];
}

function skipAll(except: CheckId[], why: string): CheckResult[] {
  return (Object.keys(CHECK_TITLES) as CheckId[]).filter((id) => !except.includes(id)).map((id) => skip(id, why));
}

function report(config: DoctorConfig | undefined, checks: CheckResult[]): DoctorReport {
  const safe = checks.map((check) => ({
    ...check,
    detail: redact(check.detail),
    ...(check.fix ? { fix: redact(check.fix) } : {}),
  }));
  return {
    ok: safe.every((check) => check.status !== 'fail'),
    ...(config ? { config: config.file, host: config.host } : {}),
    checks: safe,
  };
}
