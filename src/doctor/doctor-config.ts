/**
 * What the doctor reads from the agent's configuration (`loadConfig` in src/agent/config.ts):
 * a structural subset, so the checks can be driven with a plain object.
 */
export interface DoctorConfig {
  readonly file: string;
  readonly host: string;
  readonly channel: string;
  readonly apiUrl: string;
  readonly stateDir: string;
  readonly tokens: Readonly<{ bot: string; app?: string }>;
  readonly slack: Readonly<{ socket: boolean }>;
  readonly app?: Readonly<{ dir: string; remote: string; branch: string }>;
}
