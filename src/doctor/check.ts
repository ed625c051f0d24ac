/** The outcome of one doctor check: passed (✓), failed (✗) or not applicable / not reached (–). */
export type CheckStatus = 'pass' | 'fail' | 'skip';

export type CheckId =
  | 'config'
  | 'bot-token'
  | 'scopes'
  | 'channel'
  | 'app-token'
  | 'socket'
  | 'repository'
  | 'working-tree'
  | 'state-dir'
  | 'supervisor';

export interface CheckResult {
  readonly id: CheckId;
  readonly title: string;
  readonly status: CheckStatus;
  /** What was found, for people. */
  readonly detail: string;
  /** What to do about a failure. */
  readonly fix?: string;
}

/** The checks in the order they run and print, with their titles. */
export const CHECK_TITLES: Readonly<Record<CheckId, string>> = {
  config: 'configuration',
  'bot-token': 'bot token',
  scopes: 'bot scopes',
  channel: 'bot in channel',
  'app-token': 'app-level token',
  socket: 'Socket Mode',
  repository: 'app repository',
  'working-tree': 'app working tree',
  'state-dir': 'state directory',
  supervisor: 'supervisor',
};

export function pass(id: CheckId, detail: string): CheckResult {
  return { id, title: CHECK_TITLES[id], status: 'pass', detail };
}

export function fail(id: CheckId, detail: string, fix: string): CheckResult {
  return { id, title: CHECK_TITLES[id], status: 'fail', detail, fix };
}

export function skip(id: CheckId, detail: string): CheckResult {
  return { id, title: CHECK_TITLES[id], status: 'skip', detail };
}
