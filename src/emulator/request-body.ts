import type { IncomingMessage } from 'node:http';
import type { Args } from './args.js';
import { fail, SlackMethodError } from './slack-error.js';

/** Bodies above this are refused with `request_too_large` (Slack's own cap is not published). */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) reject(new SlackMethodError('request_too_large'));
      else resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

/**
 * Merges the query string and the body into one argument object. Handles
 * `application/x-www-form-urlencoded` (what the official clients send), `application/json`
 * (an object; anything else is `json_not_object`/`invalid_json`) and an empty body.
 */
export function parseArgs(url: URL, contentType: string | undefined, body: Buffer): Args {
  const args: Args = Object.fromEntries(url.searchParams);
  if (body.length === 0) return args;
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/json') return { ...args, ...parseJson(body) };
  if (type === 'application/x-www-form-urlencoded' || type === '') {
    return { ...args, ...Object.fromEntries(new URLSearchParams(body.toString('utf8'))) };
  }
  return fail('invalid_form_data');
}

function parseJson(body: Buffer): Args {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return fail('invalid_json');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail('json_not_object');
  return value as Args;
}
