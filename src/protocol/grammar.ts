import { DEPLOY_CONTROLS, problem, type CommandProblem, type DeployControl, type ParseResult, type RunTarget } from './command.js';
import { parseDeployOptions } from './deploy-options.js';
import { slackToPlain } from './slack-text.js';
import { LIMITS, show, checkHost, checkRef, checkRunArg, checkRunName, parseTs } from './validate.js';

const VERBS = ['deploy', 'run', 'status', 'hosts', 'unlock', 'help'] as const;

function noArguments(verb: string, rest: string[]): ParseResult {
  if (rest.length > 0) return problem('error', `\`${verb}\` takes nothing after it; type just \`${verb}\`.`);
  return { kind: verb as 'status' | 'hosts' | 'help' };
}

function parseRef(action: string, word: string | undefined): { ref?: string } | CommandProblem {
  if (word === undefined) return {};
  const bad = checkRef(word);
  if (bad) return problem('error', `${bad}; type \`deploy ${action} REF\` with a branch, tag or commit sha, e.g. \`deploy ${action} v2\`.`);
  return { ref: word };
}

function parseDeploy(rest: string[]): ParseResult {
  const [actionWord, ...args] = rest;
  const action = actionWord?.toLowerCase();
  const usage = '`deploy canary [REF]`, `deploy rolling [REF] [batch N] [max-failures N] [hosts a,b]`, `deploy plan [REF]`, or `deploy promote|abort|pause|resume|retry|rollback`';
  if (action === undefined) return problem('error', `\`deploy\` needs an action: ${usage}.`);
  if (action === 'canary' || action === 'plan') {
    if (args.length > 1) return problem('error', `\`deploy ${action}\` takes at most one ref; type \`deploy ${action} [REF]\`.`);
    const ref = parseRef(action, args[0]);
    return 'kind' in ref ? ref : { kind: 'deploy', action, ...ref };
  }
  if (action === 'rolling') return parseDeployOptions(args);
  if ((DEPLOY_CONTROLS as readonly string[]).includes(action)) {
    if (args.length > 0) return problem('error', `\`deploy ${action}\` takes nothing after it; type just \`deploy ${action}\`.`);
    return { kind: 'deploy', action: action as DeployControl };
  }
  return problem('error', `${show(`deploy ${actionWord}`)} is not a deploy action; type ${usage}.`);
}

function parseTarget(words: string[]): { args: string[]; target: RunTarget } | CommandProblem {
  const n = words.length;
  if (n < 2 || words[n - 2]?.toLowerCase() !== 'on') return { args: words, target: { kind: 'any' } };
  const where = (words[n - 1] ?? '').toLowerCase();
  const args = words.slice(0, n - 2);
  if (where === 'any' || where === 'all') return { args, target: { kind: where } };
  const bad = checkHost(where);
  if (bad) return problem('error', `${bad}; type \`on any\`, \`on all\` or \`on HOST\` at the end of \`run\`.`);
  return { args, target: { kind: 'host', host: where } };
}

function parseRun(rest: string[]): ParseResult {
  const [nameWord, ...words] = rest;
  if (nameWord === undefined) return problem('error', '`run` needs the name of a configured command: `run NAME [ARGS…] [on any|all|HOST]`; `help` lists them.');
  const name = nameWord.toLowerCase();
  const badName = checkRunName(name);
  if (badName) return problem('error', `${badName}; type \`run NAME [ARGS…] [on any|all|HOST]\`.`);
  const split = parseTarget(words);
  if ('kind' in split) return split;
  if (split.args.length > LIMITS.runArgs) return problem('error', `\`run ${name}\` takes at most ${LIMITS.runArgs} arguments.`);
  for (const arg of split.args) {
    const bad = checkRunArg(arg);
    if (bad) return problem('error', `${bad}; arguments are plain words separated by spaces.`);
  }
  return { kind: 'run', name, args: split.args, target: split.target };
}

function parseUnlock(rest: string[]): ParseResult {
  const usage = '`unlock TS REASON`, e.g. `unlock 1732712345.000200 web-2 is gone for good`';
  const [tsWord, ...reasonWords] = rest;
  if (tsWord === undefined) return problem('error', `\`unlock\` needs the ts of the pinned message and a reason: ${usage}.`);
  const ts = parseTs(tsWord);
  if (ts === undefined) return problem('error', `${show(tsWord)} is not a message ts or link; type ${usage}.`);
  const reason = reasonWords.join(' ');
  if (reason.length === 0) return problem('error', `\`unlock\` needs a reason after the ts: ${usage}.`);
  if (reason.length > LIMITS.reasonLength || reasonWords.some((w) => checkRunArg(w))) {
    return problem('error', `the reason must be plain text of at most ${LIMITS.reasonLength} characters: ${usage}.`);
  }
  return { kind: 'unlock', ts, reason };
}

/** Parses a command from plain text (already unescaped from Slack's format). */
export function parsePlainCommand(plain: string): ParseResult {
  if (plain.length > LIMITS.textLength) return problem('error', `a command is at most ${LIMITS.textLength} characters; type \`help\` for the commands.`);
  const words = plain.split(' ').filter((w) => w.length > 0);
  const [verbWord, ...rest] = words;
  const verb = verbWord?.toLowerCase();
  switch (verb) {
    case 'deploy':
      return parseDeploy(rest);
    case 'run':
      return parseRun(rest);
    case 'unlock':
      return parseUnlock(rest);
    case 'status':
    case 'hosts':
    case 'help':
      return noArguments(verb, rest);
    default:
      return problem('unknown', `troupe understands ${VERBS.map((v) => `\`${v}\``).join(', ')}; type \`help\` for what you may do.`);
  }
}

/**
 * Parses the text of a Slack message into a command (DESIGN §3). Case-insensitive keywords,
 * any amount of whitespace, Slack's escaping and auto-links undone, leading mentions dropped.
 * Refs, run arguments and unlock reasons keep their case.
 */
export function parseCommand(text: string): ParseResult {
  // Checked before unescaping too, so that no work is spent on a megabyte of hostile text.
  if (text.length > 4 * LIMITS.textLength) return problem('error', `a command is at most ${LIMITS.textLength} characters; type \`help\` for the commands.`);
  return parsePlainCommand(slackToPlain(text));
}
