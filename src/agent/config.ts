import { readFileSync } from 'node:fs';
import { homedir, hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { agentConfigSchema, type AgentConfigFile } from './config-schema.js';
import { ConfigError } from './config-error.js';
import { readTokenFile } from './token-file.js';

/** The agent's configuration: the file, the environment and the defaults, checked and frozen. */
export type AgentConfig = Readonly<
  Omit<AgentConfigFile, 'host' | 'stateDir' | 'tokens'> & {
    /** The configuration file it came from (absolute). */
    file: string;
    host: string;
    stateDir: string;
    /** Where Slack's Web API is: `SLACK_API_URL`, `slack.apiUrl`, or Slack itself. */
    apiUrl: string;
    tokens: Readonly<{ bot: string; app?: string }>;
  }
>;

type Env = Record<string, string | undefined>;

const missingHints: Record<string, string> = {
  channel: 'the Slack channel id (C…) the fleet listens in',
  operators: 'a list of Slack user ids (U…) or user group ids (S…) allowed to command the fleet',
};

/**
 * Loads and checks an agent configuration (YAML or JSON). `path` falls back to `TROUPE_CONFIG`.
 * Tokens come from `SLACK_BOT_TOKEN`/`SLACK_APP_TOKEN`, else from `tokens.botFile`/`tokens.appFile`
 * (files only their owner may read). Errors name the file, the key and what is expected.
 */
export function loadConfig(path: string | undefined, env: Env = process.env): AgentConfig {
  const given = path ?? env.TROUPE_CONFIG;
  if (!given) {
    throw new ConfigError('no configuration file: pass --config FILE or set TROUPE_CONFIG (see "Running the agent" in the README)');
  }
  const file = resolve(given);
  const parsed = agentConfigSchema.safeParse(readConfigFile(file));
  if (!parsed.success) throw new ConfigError(formatIssues(file, parsed.error.issues));
  return deepFreeze(finish(file, parsed.data, env));
}

function readConfigFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError(`${file}: cannot read the configuration file (${code}); check the path given to --config`, { cause: error });
  }
  try {
    return file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ConfigError(`${file}: not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${reason}`, { cause: error });
  }
}

function formatIssues(file: string, issues: z.core.$ZodIssue[]): string {
  const lines = issues.slice(0, 8).map((issue) => {
    const key = issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)';
    const top = String(issue.path[0] ?? '');
    if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) {
      return `${file}: ${key}: missing; expected ${missingHints[top] ?? issue.expected}`;
    }
    if (issue.code === 'unrecognized_keys') {
      return `${file}: ${key}: unknown key(s) ${issue.keys.join(', ')}; check the spelling against the README`;
    }
    return `${file}: ${key}: expected ${issue.message.replace(/^Invalid input: expected /, '')}`;
  });
  return lines.join('\n');
}

function finish(file: string, data: AgentConfigFile, env: Env): AgentConfig {
  const { tokens: tokenFiles, ...rest } = data;
  const host = data.host ?? hostname().split('.')[0] ?? 'localhost';
  const bot = env.SLACK_BOT_TOKEN || (tokenFiles.botFile && readTokenFile(tokenFiles.botFile, 'tokens.botFile', file));
  if (!bot) {
    throw new ConfigError(`${file}: no bot token: set SLACK_BOT_TOKEN or tokens.botFile (a file readable only by its owner)`);
  }
  const app = env.SLACK_APP_TOKEN || (tokenFiles.appFile && readTokenFile(tokenFiles.appFile, 'tokens.appFile', file));
  const stateHome = env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  return {
    ...rest,
    file,
    host,
    stateDir: resolve(data.stateDir ?? join(stateHome, 'troupe', host)),
    apiUrl: env.SLACK_API_URL || data.slack.apiUrl || 'https://slack.com/api/',
    tokens: app ? { bot, app } : { bot },
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
