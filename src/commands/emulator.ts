import { readFile } from 'node:fs/promises';
import type { CommandModule } from 'yargs';
import type { RateLimitMode } from '../emulator/api.js';
import { info, startLocalSlack } from '../emulator/index.js';
import { parseSeed } from '../emulator/seed.js';
import { UsageError } from '../errors.js';
import { redact } from '../util/redact.js';

interface EmulatorArgs {
  port: number;
  host: string;
  seed?: string;
  data?: string;
  'rate-limits': string;
  json: boolean;
}

export interface EmulatorDeps {
  /** Where the start line goes (stdout). */
  out: (line: string) => void;
  /** Where people's text goes (stderr). */
  err: (line: string) => void;
  /** Resolves when the process should stop (SIGINT/SIGTERM). */
  stopped: Promise<unknown>;
}

/** `slack`, `off`, or a positive scale factor such as `10`. */
export function parseRateLimits(value: string): RateLimitMode {
  if (value === 'slack' || value === 'off') return value;
  const scale = Number(value);
  if (Number.isFinite(scale) && scale > 0) return { scale };
  throw new UsageError(`--rate-limits must be slack, off or a positive number (a scale factor), not "${value}".`);
}

async function readSeed(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`Cannot read the seed ${file}: ${(error as Error).message}. Pass a JSON workspace seed (see the README) or leave out --seed.`);
  }
}

/** Serves the local Slack until `deps.stopped` resolves; returns the exit code. */
export async function runEmulator(args: EmulatorArgs, deps: EmulatorDeps): Promise<number> {
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) {
    throw new UsageError(`--port must be a port number from 0 to 65535 (0 picks a free one), not ${args.port}.`);
  }
  const seed = args.seed ? parseSeed(await readSeed(args.seed), args.seed) : undefined;
  const slack = await startLocalSlack({
    port: args.port,
    host: args.host,
    rateLimits: parseRateLimits(args['rate-limits']),
    ...(seed ? { seed } : {}),
    ...(args.data ? { dataFile: args.data } : {}),
  });
  const start = info(slack);
  if (args.json) deps.out(JSON.stringify(start));
  else {
    deps.err(`Local Slack serving ${slack.baseUrl} (Web API ${slack.apiUrl}, channel ${slack.channel}).`);
    deps.err(`The channel page: open ${slack.baseUrl} in a browser to read #ops and type as alice or mallory.`);
    deps.err(`Tokens: SLACK_BOT_TOKEN=${redact(slack.botToken)} (full values: --json or GET ${slack.baseUrl}_local/info). Ctrl-C stops it.`);
  }
  await deps.stopped;
  await slack.close();
  return 0;
}

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export const emulatorCommand: CommandModule<object, EmulatorArgs> = {
  command: 'emulator',
  builder: (yargs) =>
    yargs
      .option('port', { type: 'number', default: 0, describe: 'port to listen on (0: any free port)' })
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'address to listen on' })
      .option('seed', { type: 'string', describe: 'JSON file with the workspace (team, channels, bot, users)' })
      .option('data', { type: 'string', describe: 'keep messages, pins and reactions in this file across restarts' })
      .option('rate-limits', { type: 'string', default: 'slack', describe: "Slack's rate limits: slack, off, or a scale factor (10 = ten times the allowance)" })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON line with the URL, tokens and ids on start' }),
  handler: async (args) => {
    process.exitCode = await runEmulator(args, {
      out: (line) => process.stdout.write(`${line}\n`),
      err: (line) => process.stderr.write(`${line}\n`),
      stopped: untilSignal(),
    });
  },
};
