import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Recorded Slack responses and events, and the documented error lists (see fixtures/SOURCES.md). */
const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

export function sample(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(`${fixtures}${path}`, 'utf8')) as Record<string, unknown>;
}

export function documentedErrors(method: string): string[] {
  const errors = JSON.parse(readFileSync(`${fixtures}documented-errors.json`, 'utf8')) as Record<string, string[]>;
  return errors[method] ?? [];
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

/**
 * Every key of `actual` must exist in `reference` with the same JSON type, recursively (array
 * elements against the reference's first element). `null` is accepted for any type: the samples
 * are scrubbed and turn Slack's nulls (e.g. `authorizations[].enterprise_id`) into placeholders.
 */
export function shapeViolations(actual: unknown, reference: unknown, path = ''): string[] {
  const type = jsonType(actual);
  const expected = jsonType(reference);
  if (type === 'null') return [];
  if (type !== expected) return [`${path || '(root)'}: ${type}, the sample has ${expected}`];
  if (type === 'array') {
    const [first] = reference as unknown[];
    if (first === undefined) return [];
    return (actual as unknown[]).flatMap((item, i) => shapeViolations(item, first, `${path}[${i}]`));
  }
  if (type !== 'object') return [];
  const ref = reference as Record<string, unknown>;
  const refKeys = Object.keys(ref);
  // An empty object in the sample (event_payload, metadata payloads) is free-form.
  if (refKeys.length === 0) return [];
  return Object.entries(actual as Record<string, unknown>).flatMap(([key, value]) =>
    key in ref ? shapeViolations(value, ref[key], path ? `${path}.${key}` : key) : [`${path ? `${path}.` : ''}${key}: not in the sample`],
  );
}

/** The official WebClient adds `response_metadata.scopes`/`acceptedScopes` from the headers; they are not Slack's body. */
export function withoutClientAdditions(result: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(result);
  const meta = copy.response_metadata as Record<string, unknown> | undefined;
  if (meta) {
    delete meta.scopes;
    delete meta.acceptedScopes;
    if (Object.keys(meta).length === 0) delete copy.response_metadata;
  }
  return copy;
}
