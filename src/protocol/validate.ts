/**
 * Validation of the words of a command. Each check returns `undefined` when the word is good,
 * or a sentence that says what is wrong (the grammar adds what to type instead).
 */

import { redact } from '../util/redact.js';

/** A word of the person's text, quoted for a reply: short, no backticks, no token. */
export function show(word: string): string {
  const short = word.length > 40 ? `${word.slice(0, 40)}…` : word;
  return `\`${redact(short).replace(/`/g, "'")}\``;
}

export const LIMITS = {
  refLength: 200,
  hostLength: 253,
  batch: { min: 1, max: 100 },
  maxFailures: { min: 0, max: 100 },
  hosts: 200,
  runName: 64,
  runArgs: 32,
  runArgLength: 500,
  reasonLength: 500,
  textLength: 4000,
} as const;

// ASCII control characters, space, and the characters git forbids anywhere in a ref name.
// eslint-disable-next-line no-control-regex
const REF_FORBIDDEN = /[\x00-\x20\x7f~^:?*[\\]/;

/**
 * A ref name as `git check-ref-format --allow-onelevel` accepts it (a branch, a tag, a sha),
 * and never one that could be read as an option (`-x`).
 */
export function checkRef(ref: string): string | undefined {
  if (ref.length === 0) return 'the ref is empty';
  if (ref.length > LIMITS.refLength) return `the ref is longer than ${LIMITS.refLength} characters`;
  if (REF_FORBIDDEN.test(ref)) return `the ref ${show(ref)} contains a character git does not allow (space, ~ ^ : ? * [ \\ or a control character)`;
  if (ref.startsWith('-')) return `the ref ${show(ref)} starts with "-"`;
  if (ref === '@') return 'the ref `@` is not a name';
  if (ref.includes('..') || ref.includes('@{') || ref.includes('//')) return `the ref ${show(ref)} contains "..", "@{" or "//"`;
  if (ref.startsWith('/') || ref.endsWith('/') || ref.endsWith('.')) return `the ref ${show(ref)} starts with "/" or ends with "/" or "."`;
  for (const part of ref.split('/')) {
    if (part.startsWith('.') || part.endsWith('.lock')) return `the ref ${show(ref)} has a part that starts with "." or ends with ".lock"`;
  }
  return undefined;
}

const HOST_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** A host name as DNS allows it (RFC 1123 labels), already lower-cased by the caller. */
export function checkHost(host: string): string | undefined {
  if (host.length === 0) return 'a host name is empty';
  if (host.length > LIMITS.hostLength) return `the host name is longer than ${LIMITS.hostLength} characters`;
  if (!host.split('.').every((label) => HOST_LABEL.test(label))) {
    return `${show(host)} is not a host name (letters, digits and "-", parts separated by ".")`;
  }
  return undefined;
}

/** A whole number written in digits, within `[min, max]`. */
export function parseWholeNumber(word: string, range: { min: number; max: number }): number | undefined {
  if (!/^\d{1,6}$/.test(word)) return undefined;
  const value = Number(word);
  return value >= range.min && value <= range.max ? value : undefined;
}

const RUN_NAME = /^[a-z0-9][a-z0-9_.-]*$/;

/** The name of a configured command: lower-case letters, digits, "_", "-", ".". */
export function checkRunName(name: string): string | undefined {
  if (name.length > LIMITS.runName || !RUN_NAME.test(name)) {
    return `${show(name)} is not a command name (letters, digits, "_", "-" and ".", up to ${LIMITS.runName})`;
  }
  return undefined;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f]/;

/** An argument of `run`: any printable text; each is checked again against its pattern by the agent. */
export function checkRunArg(arg: string): string | undefined {
  if (arg.length > LIMITS.runArgLength) return `an argument is longer than ${LIMITS.runArgLength} characters`;
  if (CONTROL.test(arg)) return 'an argument contains a control character';
  return undefined;
}

const SLACK_TS = /^\d{9,10}\.\d{6}$/;
// A message permalink (`…/archives/C123/p1732712345000200`), as Slack shows it under "Copy link".
const PERMALINK_TS = /^https?:\/\/[^/\s]+\/archives\/[A-Z0-9]+\/p(\d{9,10})(\d{6})(?:\?.*)?$/;

/** A message ts (`1732712345.000200`) or a message permalink, as a ts; undefined when neither. */
export function parseTs(word: string): string | undefined {
  if (SLACK_TS.test(word)) return word;
  const link = PERMALINK_TS.exec(word);
  return link ? `${link[1]}.${link[2]}` : undefined;
}
