import { loadConfig, type AgentConfig } from '../agent/config.js';
import { UsageError } from '../errors.js';

/** Connection flags shared by the dashboard and the read commands. */
export interface ConnectionArgs {
  config?: string;
  channel?: string;
}

export interface Connection {
  token: string;
  apiUrl: string;
  channel: string;
  /** Slack user ids allowed to unlock; only known from a configuration file. */
  operators: readonly string[];
  /** Tiers of a local Slack started with scaled rate limits (`slack.rateScale`). */
  rateScale: number;
}

type Env = Record<string, string | undefined>;
type LoadConfig = (path: string | undefined, env: Env) => AgentConfig;

/**
 * From `--config FILE` (or `TROUPE_CONFIG`): the agent's own configuration file, tokens and all.
 * Otherwise from `SLACK_BOT_TOKEN`, `SLACK_API_URL` and `--channel` (or `TROUPE_CHANNEL`).
 */
export function resolveConnection(args: ConnectionArgs, env: Env = process.env, load: LoadConfig = loadConfig): Connection {
  if (args.config || env.TROUPE_CONFIG) {
    const config = load(args.config, env);
    return {
      token: config.tokens.bot,
      apiUrl: config.apiUrl,
      channel: args.channel ?? config.channel,
      operators: config.operators,
      rateScale: config.slack.rateScale,
    };
  }
  const token = env.SLACK_BOT_TOKEN;
  const channel = args.channel ?? env.TROUPE_CHANNEL;
  if (!token) throw new UsageError('No Slack token: pass --config FILE (the agent configuration), or set SLACK_BOT_TOKEN and --channel C…');
  if (!channel) throw new UsageError('No channel: pass --channel C… (the fleet channel id), or --config FILE');
  if (!/^[CG][A-Z0-9]{2,}$/.test(channel)) throw new UsageError(`--channel must be a channel id such as C0123ABCD (channel details → About), not "${channel}"`);
  return { token, apiUrl: env.SLACK_API_URL || 'https://slack.com/api/', channel, operators: [], rateScale: 1 };
}

/** The yargs options for `resolveConnection`. */
export const connectionOptions = {
  config: { type: 'string', describe: 'an agent configuration file (default: $TROUPE_CONFIG); gives the token, channel and operators' },
  channel: { type: 'string', describe: 'the fleet channel id (with SLACK_BOT_TOKEN and SLACK_API_URL from the environment)' },
} as const;
