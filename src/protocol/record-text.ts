import { escapeSlackText as esc } from './command.js';
import type { ProtocolKind, ProtocolPayload } from './record-schemas.js';

/** The readable line people see for each record; the metadata, not this text, is what agents read. */
type Texts = { [K in ProtocolKind]: (p: ProtocolPayload<K>) => string };

const short = (sha: string) => sha.slice(0, 12);
const dur = (s: number) => (s >= 120 ? `${Math.round(s / 60)} min` : `${s} s`);
const person = (by: string) => (/^[UW][A-Z0-9]+$/.test(by) ? `<@${by}>` : esc(by));
const steerBy = (what: string) => (p: ProtocolPayload<'promoted'>) => `${what} by ${person(p.by)}${p.reason ? ` · ${esc(p.reason)}` : ''}`;

const TEXTS: Texts = {
  plan: (p) =>
    [
      `📋 *${p.mode} rollout* of \`${esc(p.ref)}\` → \`${short(p.sha)}\``,
      `order: ${p.order.map(esc).join(' → ')}`,
      `batch ${p.batch} · max failures ${p.max_failures} · health deadline ${dur(p.health_deadline_s)} · soak ${dur(p.soak_s)} · lease ${dur(p.lease_s)}`,
      p.mode === 'canary' ? `promotion: ${p.promotion === 'auto' ? 'automatic after a healthy soak' : 'manual (`deploy promote`, or ✅ on this thread)'}` : '',
    ].filter(Boolean).join('\n'),
  slot: (p) => `🎟️ lock slot ${p.index + 1} of this rollout (pinned by the host that holds it)`,
  progress: (p) => `⏳ ${esc(p.host)}: ${p.phase}${p.sha ? ` \`${short(p.sha)}\`` : ''}${p.detail ? ` · ${esc(p.detail)}` : ''}`,
  done: (p) => `✅ ${esc(p.host)} is on \`${short(p.sha)}\`${p.duration_s !== undefined ? ` (${dur(p.duration_s)})` : ''}`,
  failed: (p) => `❌ ${esc(p.host)} failed${p.phase ? ` while ${p.phase}` : ''}: ${esc(p.reason)} (nothing changed on the host)`,
  reverted: (p) =>
    `↩️ ${esc(p.host)} reverted \`${short(p.sha)}\` → back on \`${short(p.restored_sha)}\`: ${esc(p.reason)}` +
    (p.log_tail ? `\n\`\`\`\n${esc(p.log_tail)}\n\`\`\`` : ''),
  canary_healthy: (p) => `🐤 canary healthy: ${esc(p.host)} on \`${short(p.sha)}\` soaked ${dur(p.soak_s)}. \`deploy promote\` continues, \`deploy abort\` reverts it.`,
  halted: (p) => `🛑 rollout halted: ${esc(p.reason)}. \`deploy retry\` continues from the first unfinished host; \`deploy rollback\` returns the updated hosts.`,
  output: (p) =>
    `${p.exit_code === 0 ? '✅' : '❌'} ${esc(p.host)} · \`${esc(p.name)}\` · ${p.exit_code === null ? `killed (${esc(p.signal ?? 'timeout')})` : `exit ${p.exit_code}`} · ${p.duration_ms} ms${p.truncated ? ' · output cut, tail kept' : ''}`,
  promoted: steerBy('🚀 promoted'),
  aborted: steerBy('🛑 aborted'),
  paused: steerBy('⏸️ paused'),
  resumed: steerBy('▶️ resumed'),
  retried: steerBy('🔁 retry'),
  rollback: steerBy('⏪ rollback requested'),
  rolled_back: (p) => `⏪ ${esc(p.host)} rolled back \`${short(p.from_sha)}\` → \`${short(p.sha)}\``,
  roster: (p) => `🎭 ${p.title ? esc(p.title) : 'troupe fleet roster'}: one reply per agent, edited as its heartbeat`,
  agent: (p) =>
    `🖥️ ${esc(p.host)} · ${p.state} · troupe ${esc(p.version)}${p.sha ? ` · \`${short(p.sha)}\`` : ''} · ${p.connection}` +
    ` · heartbeat <!date^${Math.floor(p.heartbeat)}^{time_secs}|${new Date(p.heartbeat * 1000).toISOString()}>`,
};

export function recordText<K extends ProtocolKind>(kind: K, payload: ProtocolPayload<K>): string {
  return (TEXTS[kind] as (p: ProtocolPayload<K>) => string)(payload);
}
