import { WebClient } from '@slack/web-api';
import type { CommandModule } from 'yargs';
import { postCommand } from '../agent/rollout/post-command.js';
import { followEnd, progressLine, readThread, stateOf, type RepliesPort } from '../agent/rollout/follow-rollout.js';
import { UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { DEPLOY_CONTROLS, isProblem, parseCommand, renderCommand, type ParsedCommand } from '../protocol/index.js';
import { connectionOptions, resolveConnection, type ConnectionArgs } from '../view/connection.js';

const ACTIONS = ['canary', 'rolling', 'plan', ...DEPLOY_CONTROLS] as const;
type Action = (typeof ACTIONS)[number];

export interface DeployArgs extends ConnectionArgs {
  action: Action;
  ref?: string;
  batch?: number;
  'max-failures'?: number;
  hosts?: string;
  wait: boolean;
  as?: string;
  timeout: number;
}

export interface DeployDeps {
  slack: RepliesPort;
  channel: string;
  post: (text: string) => Promise<string>;
  out: (text: string) => void;
  err: (text: string) => void;
  tty: boolean;
  sleep: (ms: number) => Promise<void>;
  pollMs: number;
}

/** The channel command for the flags, checked by the same grammar the agents use. */
export function deployText(args: DeployArgs): string {
  const command = { kind: 'deploy', action: args.action } as ParsedCommand & { kind: 'deploy' } & Record<string, unknown>;
  if (args.ref !== undefined && ['canary', 'rolling', 'plan'].includes(args.action)) command.ref = args.ref;
  if (args.action === 'rolling') {
    if (args.batch !== undefined) command.batch = args.batch;
    if (args['max-failures'] !== undefined) command.maxFailures = args['max-failures'];
    if (args.hosts !== undefined) command.hosts = args.hosts.split(',').map((h) => h.trim().toLowerCase());
  } else if (args.batch !== undefined || args['max-failures'] !== undefined || args.hosts !== undefined) {
    throw new UsageError('--batch, --max-failures and --hosts go with `troupe deploy rolling` only');
  }
  const text = renderCommand(command);
  const parsed = parseCommand(text);
  if (isProblem(parsed)) throw new UsageError(parsed.message.replace(/`deploy /g, '`troupe deploy '));
  return text;
}

/** Waits for troupe's first reply in the thread of `ts` (a dry run, or the answer to a steering command). */
async function firstReply(deps: DeployDeps, ts: string, deadline: number): Promise<string | undefined> {
  while (Date.now() < deadline) {
    const reply = (await readThread(deps.slack, deps.channel, ts)).find((m) => m.ts !== ts && m.bot_id !== undefined && !m.metadata);
    if (reply) return reply.text ?? '';
    await deps.sleep(deps.pollMs);
  }
  return undefined;
}

/** Follows a rollout's thread until it rests; a progress bar on a terminal, plain lines otherwise. */
async function follow(deps: DeployDeps, ts: string, until: 'finish' | 'paused', deadline: number): Promise<number> {
  let last = '';
  while (Date.now() < deadline) {
    const messages = await readThread(deps.slack, deps.channel, ts);
    const now = Math.max(0, ...messages.map((m) => Math.max(Number(m.ts), Number(m.edited?.ts ?? 0))));
    const state = stateOf(messages, now);
    const line = progressLine(state);
    if (line !== last) deps.err(deps.tty ? `\r\x1b[2K${line}` : `${line}\n`);
    last = line;
    const end = followEnd(state, messages, until);
    if (end) {
      deps.err(deps.tty ? '\n' : '');
      deps.out(`${end.summary}\n`);
      return end.ok ? ExitCode.ok : ExitCode.failure;
    }
    await deps.sleep(deps.pollMs);
  }
  deps.err(deps.tty ? '\n' : '');
  deps.out(`still running after the --timeout; follow it with \`troupe rollouts ${ts}\`\n`);
  return ExitCode.failure;
}

/** `troupe deploy ACTION`: posts the command as an operator; with `--wait`, follows it to its end. */
export async function runDeploy(args: DeployArgs, deps: DeployDeps): Promise<number> {
  const text = deployText(args);
  const ts = await deps.post(text);
  deps.err(`posted \`${text}\` (${ts})\n`);
  if (!args.wait) {
    deps.out(`${ts}\n`);
    return ExitCode.ok;
  }
  const deadline = Date.now() + args.timeout * 1000;
  if (args.action === 'canary' || args.action === 'rolling') return follow(deps, ts, 'finish', deadline);
  const reply = await firstReply(deps, ts, deadline);
  if (reply === undefined) {
    deps.out('no agent answered before the --timeout; is any agent running? (`troupe status`)\n');
    return ExitCode.failure;
  }
  deps.out(`${reply}\n`);
  const target = /applied to the rollout (\d+\.\d+)/.exec(reply)?.[1];
  if (args.action === 'plan') return /would be refused/.test(reply) ? ExitCode.failure : ExitCode.ok;
  if (!target) return ExitCode.failure;
  return follow(deps, target, args.action === 'pause' ? 'paused' : 'finish', deadline);
}

export const deployCommand: CommandModule<object, DeployArgs> = {
  command: 'deploy <action> [ref]',
  builder: (yargs) =>
    yargs
      .positional('action', { choices: ACTIONS, demandOption: true, describe: 'what to do' })
      .positional('ref', { type: 'string', describe: 'branch, tag or sha to deploy (default: the configured branch)' })
      .options(connectionOptions)
      .option('batch', { type: 'number', describe: 'rolling: hosts updated at once' })
      .option('max-failures', { type: 'number', describe: 'rolling: failures tolerated before the rollout halts (default 0)' })
      .option('hosts', { type: 'string', describe: 'rolling: only these hosts, comma-separated, in this order' })
      .option('wait', { type: 'boolean', default: false, describe: 'follow the rollout until it is done, halted or waiting for promotion; exit 1 if it halts' })
      .option('as', { type: 'string', describe: 'post as this person of a local Slack (e.g. alice); on real Slack set SLACK_USER_TOKEN instead' })
      .option('timeout', { type: 'number', default: 1800, describe: 'seconds --wait follows before giving up' }),
  handler: async (args) => {
    const connection = resolveConnection(args);
    const slack = new WebClient(connection.token, { slackApiUrl: connection.apiUrl, headers: { 'X-Troupe-Client': 'troupe-cli' } });
    const target = { apiUrl: connection.apiUrl, channel: connection.channel, as: args.as, userToken: process.env.SLACK_USER_TOKEN };
    process.exitCode = await runDeploy(args, {
      slack,
      channel: connection.channel,
      post: (text) => postCommand(target, text),
      out: (text) => process.stdout.write(text),
      err: (text) => process.stderr.write(text),
      tty: Boolean(process.stderr.isTTY),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      pollMs: 2000,
    });
  },
};
