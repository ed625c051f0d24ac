import { createInterface } from 'node:readline/promises';
import type { CommandModule } from 'yargs';
import { TroupeError, UsageError } from '../errors.js';
import { parseTs } from '../protocol/validate.js';
import { lockClient } from '../slackmq/lock-client.js';
import type { LockInfo } from '../slackmq/inspect.js';
import type { SlackPorts } from '../slackmq/ports.js';
import { formatAge } from '../ui/format.js';
import { connectionOptions, resolveConnection, type ConnectionArgs } from '../view/connection.js';
import { inspectPin, operatorBreak } from '../view/operator-break.js';

/** The person asking is not one of the configuration's operators. */
export class NotOperatorError extends TroupeError {
  override readonly code = 'not_operator';
}

export interface UnlockArgs extends ConnectionArgs {
  ts: string;
  reason?: string;
  yes: boolean;
  as?: string;
}

export interface UnlockDeps {
  slack: SlackPorts;
  channel: string;
  operators: readonly string[];
  out: (text: string) => void;
  err: (text: string) => void;
  /** Asks a yes/no question; undefined when there is no terminal to ask on. */
  confirm?: (question: string) => Promise<boolean>;
}

function describeHolder(ts: string, info: LockInfo): string {
  const pinnedBy = info.pin?.createdBy ? ` (pinned by ${info.pin.createdBy})` : '';
  switch (info.state) {
    case 'held':
    case 'expired':
      return `${ts} is held by ${info.holder} (token ${info.token}); lease ${(info.leaseLeftS ?? 0) >= 0 ? `${formatAge(info.leaseLeftS)} left` : `ran out ${formatAge(-(info.leaseLeftS ?? 0))} ago`}.`;
    case 'unclaimed':
      return `${ts} is pinned with no claim${pinnedBy}.`;
    case 'reserved':
      return `${ts} was just broken by ${info.holder}; it is theirs to take for ${formatAge(info.breakableInS)}.`;
    default:
      return `${ts} is not locked (${info.state}).`;
  }
}

function checkOperator(args: UnlockArgs, operators: readonly string[]): string {
  if (operators.length === 0) throw new UsageError('troupe unlock needs --config FILE: only the operators that configuration lists may unlock.');
  if (!args.as) throw new UsageError('Say who you are: --as U… (your Slack user id, one of the configuration’s operators).');
  if (!operators.includes(args.as)) {
    throw new NotOperatorError(`${args.as} is not an operator of this fleet (operators: ${operators.join(', ')}); ask one of them, or add the id to "operators" in the configuration.`);
  }
  return args.as;
}

/** `troupe unlock TS --reason TEXT`: an operator breaks a lock, after seeing who holds it. */
export async function runUnlock(args: UnlockArgs, deps: UnlockDeps): Promise<number> {
  const ts = parseTs(args.ts);
  if (!ts) throw new UsageError(`"${args.ts}" is not a message ts (1732712345.000200) or a message link; copy it from \`troupe locks\`.`);
  if (!args.reason?.trim()) throw new UsageError('Give a reason: --reason "…" (it goes into the thread with the break).');
  const user = checkOperator(args, deps.operators);
  const site = { slack: deps.slack, channel: deps.channel, ts, by: `operator:${user}` };
  const info = await inspectPin(site);
  deps.err(`${describeHolder(ts, info)}\n`);
  const live = info.state === 'held' && (info.leaseLeftS ?? 0) > 0;
  if (live) deps.err(`Warning: the lease is live. ${info.holder} may be in the middle of an update; breaking the lock lets the next host start while it finishes (it stops when it sees the break).\n`);
  if (!['held', 'expired', 'unclaimed'].includes(info.state)) return 1;
  if (!args.yes) {
    if (!deps.confirm) throw new UsageError('No terminal to confirm on: pass --yes to break the lock without asking.');
    if (!(await deps.confirm(`Break the lock on ${ts}? [y/N] `))) {
      deps.err('Left as it is.\n');
      return 1;
    }
  }
  const outcome = await operatorBreak(site, args.reason.trim(), live);
  if (outcome.outcome === 'broken') {
    deps.out(`broken: ${ts} (break ${outcome.breakTs})${outcome.unpinned ? '; pin removed' : '; the pin could not be removed in time, the next holder takes over from the break'}\n`);
    return 0;
  }
  if (outcome.outcome === 'nothing_to_break') deps.err(`Nothing to break now: ${describeHolder(ts, outcome.info)}\n`);
  else if (outcome.outcome === 'lost_race') deps.err(`Another break came first${outcome.winner ? ` (${outcome.winner})` : ''}: the lock is being broken already.\n`);
  else deps.err(`A break by ${outcome.by} is in progress; look again with \`troupe locks\` in a minute.\n`);
  return 1;
}

async function askOnTerminal(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

export const unlockCommand: CommandModule<object, UnlockArgs> = {
  command: 'unlock <ts>',
  builder: (yargs) =>
    yargs
      .positional('ts', { type: 'string', demandOption: true, describe: 'the pinned message’s ts (or its link), from `troupe locks`' })
      .options(connectionOptions)
      .option('reason', { type: 'string', describe: 'why (posted with the break)' })
      .option('yes', { type: 'boolean', default: false, describe: 'do not ask for confirmation' })
      .option('as', { type: 'string', describe: 'your Slack user id (default: $TROUPE_USER); must be one of the operators' }),
  handler: async (args) => {
    const connection = resolveConnection(args);
    const slack = lockClient(connection.token, { slackApiUrl: connection.apiUrl, headers: { 'X-Troupe-Client': 'troupe-cli' } });
    process.exitCode = await runUnlock(
      { ...args, as: args.as ?? process.env.TROUPE_USER },
      {
        slack,
        channel: connection.channel,
        operators: connection.operators,
        out: (text) => process.stdout.write(text),
        err: (text) => process.stderr.write(text),
        confirm: process.stdin.isTTY ? askOnTerminal : undefined,
      },
    );
  },
};
