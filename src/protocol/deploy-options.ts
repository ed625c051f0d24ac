import { problem, type CommandProblem, type ParsedCommand } from './command.js';
import { LIMITS, show, checkHost, checkRef, parseWholeNumber } from './validate.js';

type Rolling = Extract<ParsedCommand, { action: 'rolling' }>;

const USAGE = '`deploy rolling [REF] [batch N] [max-failures N] [hosts a,b]`, e.g. `deploy rolling v2 batch 2 max-failures 1 hosts web-1,web-2`';
const OPTIONS = ['batch', 'max-failures', 'hosts'] as const;
type Option = (typeof OPTIONS)[number];

function parseHosts(value: string): string[] | CommandProblem {
  const hosts = value.toLowerCase().split(',');
  if (hosts.length > LIMITS.hosts) return problem('error', `\`hosts\` takes at most ${LIMITS.hosts} names; type ${USAGE}.`);
  for (const host of hosts) {
    const bad = checkHost(host);
    if (bad) return problem('error', `${bad}; after \`hosts\` type names separated by commas, e.g. \`hosts web-1,web-2\`.`);
  }
  if (new Set(hosts).size !== hosts.length) return problem('error', '`hosts` names a host twice; name each host once.');
  return hosts;
}

function applyOption(command: Rolling, option: Option, value: string): CommandProblem | undefined {
  if (option === 'hosts') {
    const hosts = parseHosts(value);
    if ('kind' in hosts) return hosts;
    command.hosts = hosts;
    return undefined;
  }
  const range = option === 'batch' ? LIMITS.batch : LIMITS.maxFailures;
  const n = parseWholeNumber(value, range);
  if (n === undefined) return problem('error', `\`${option}\` needs a whole number from ${range.min} to ${range.max}, not ${show(value)}; type ${USAGE}.`);
  if (option === 'batch') command.batch = n;
  else command.maxFailures = n;
  return undefined;
}

function isOption(word: string): word is Option {
  return (OPTIONS as readonly string[]).includes(word);
}

/**
 * The words after `deploy rolling`: an optional ref first, then the options in any order,
 * each at most once. Spaces around the commas of `hosts` are tolerated.
 */
export function parseDeployOptions(args: string[]): Rolling | CommandProblem {
  const words = args.join(' ').replace(/ *, */g, ',').split(' ').filter((w) => w.length > 0);
  const command: Rolling = { kind: 'deploy', action: 'rolling' };
  let i = 0;
  const first = words[0];
  if (first !== undefined && !isOption(first.toLowerCase())) {
    const bad = checkRef(first);
    if (bad) return problem('error', `${bad}; type ${USAGE}.`);
    command.ref = first;
    i = 1;
  }
  const seen = new Set<Option>();
  for (; i < words.length; i += 2) {
    const option = (words[i] ?? '').toLowerCase();
    if (!isOption(option)) return problem('error', `${show(words[i] ?? '')} is not an option of \`deploy rolling\`; type ${USAGE}.`);
    if (seen.has(option)) return problem('error', `\`${option}\` is given twice; give each option once.`);
    seen.add(option);
    const value = words[i + 1];
    if (value === undefined) return problem('error', `\`${option}\` needs a value; type ${USAGE}.`);
    const bad = applyOption(command, option, value);
    if (bad) return bad;
  }
  return command;
}
