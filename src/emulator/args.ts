import { fail } from './slack-error.js';

/** The arguments of one Web API call: form fields, JSON body keys and query parameters merged. */
export type Args = Record<string, unknown>;

/** A string argument; numbers are accepted as Slack does; anything else is `invalid_arguments`. */
export function optString(args: Args, name: string): string | undefined {
  const value = args[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return fail('invalid_arguments', { response_metadata: { messages: [`[ERROR] ${name} must be a string`] } });
}

/** A required string argument: missing gives `missingError` (Slack's per-method name for it). */
export function reqString(args: Args, name: string, missingError: string): string {
  return optString(args, name) ?? fail(missingError);
}

export function optBool(args: Args, name: string): boolean {
  const value = args[name];
  if (value === undefined || value === null || value === '') return false;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === '1' || value === 1) return true;
  if (value === 'false' || value === '0' || value === 0) return false;
  return fail('invalid_arguments', { response_metadata: { messages: [`[ERROR] ${name} must be true or false`] } });
}

export function optInt(args: Args, name: string): number | undefined {
  const text = optString(args, name);
  if (text === undefined) return undefined;
  if (!/^-?\d+$/.test(text)) fail('invalid_arguments', { response_metadata: { messages: [`[ERROR] ${name} must be an integer`] } });
  return Number(text);
}

/** A JSON argument: form posts carry objects as JSON strings (the official clients stringify them). */
export function optJson(args: Args, name: string, invalidError = 'invalid_arguments'): unknown {
  const value = args[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return fail(invalidError);
  }
}
