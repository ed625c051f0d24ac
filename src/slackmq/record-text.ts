import { RECORD_TYPES, type EncodedRecord, type PayloadByKind, type RecordKind } from './record-types.js';

/** Slack mrkdwn treats `&`, `<` and `>` as control characters. */
function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `🔒 claimed by web-2 · lease 120 s · token 1732712345.000200` (the token is known only after posting). */
export function claimText(p: PayloadByKind['claim'], token?: string): string {
  const parts = [`🔒 claimed by ${esc(p.host)}`, `lease ${p.lease_s} s`];
  if (token) parts.push(`token ${token}`);
  if (p.to_sha) parts.push(`to ${esc(p.to_sha.slice(0, 12))}`);
  return parts.join(' · ');
}

function releaseText(p: PayloadByKind['release']): string {
  return `🔓 released by ${esc(p.host)} · token ${p.token} · ${esc(p.result)}`;
}

function breakText(p: PayloadByKind['break']): string {
  const what = p.token ? `token ${p.token}` : `pin with no claim (pinned at ${p.pin_created ?? '?'})`;
  return `🔨 lock broken by ${esc(p.host)} · ${what} · ${esc(p.reason)}`;
}

function yieldText(p: PayloadByKind['yield']): string {
  return `⏭️ ${esc(p.host)} yields its turn${p.reason ? ` · ${esc(p.reason)}` : ''}`;
}

/**
 * Builds `{text, metadata}` for a record. `token` only matters for a claim being renewed,
 * whose text then names its own ts.
 */
export function encodeRecord<K extends RecordKind>(kind: K, payload: PayloadByKind[K], token?: string): EncodedRecord {
  const texts: { [P in RecordKind]: (p: PayloadByKind[P]) => string } = {
    claim: (p) => claimText(p, token),
    release: releaseText,
    break: breakText,
    yield: yieldText,
  };
  const text = (texts[kind] as (p: PayloadByKind[K]) => string)(payload);
  const event_payload: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(payload)) if (value !== undefined) event_payload[key] = value;
  return { text, metadata: { event_type: RECORD_TYPES[kind], event_payload } };
}
