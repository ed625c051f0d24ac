import { redact } from '../util/redact.js';
import { escapeSlackText } from '../protocol/command.js';
import type { ProcessResult } from './run-process.js';

/** Room for output in one reply, well under Slack's 4,000-character advice for `text`. */
export const OUTPUT_LIMIT = 3000;

/** Keeps the tail of `text` within `limit` characters; says how much was cut (of `bytes`, default the text's size). */
export function cutToTail(text: string, limit = OUTPUT_LIMIT, bytes = Buffer.byteLength(text)): { text: string; note?: string } {
  if (text.length <= limit) return { text };
  const tail = text.slice(text.length - limit);
  const fromLine = tail.indexOf('\n');
  const kept = fromLine >= 0 && fromLine < 200 ? tail.slice(fromLine + 1) : tail;
  return { text: kept, note: `last ${kept.length.toLocaleString('en')} of ${bytes.toLocaleString('en')} bytes` };
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms / 1000)} s`;
}

/** The thread reply for a finished remote command: host, command, exit code, duration, output tail. */
export function formatCommandResult(host: string, commandLine: string, result: ProcessResult): { text: string; truncated: boolean } {
  const status = result.failure
    ? `❌ ${result.failure}`
    : result.exitCode === 0
      ? '✅ exit 0'
      : `❌ exit ${result.exitCode ?? '?'}`;
  const head = `*${escapeSlackText(host)}* · \`${escapeSlackText(commandLine)}\` · ${status} · ${seconds(result.durationMs)}`;
  const clean = redact(result.output).replace(/```/g, "'''").replace(/\s+$/, '');
  if (clean.length === 0) return { text: `${head}\n_(no output)_`, truncated: false };
  const cut = cutToTail(clean, OUTPUT_LIMIT, Buffer.byteLength(result.output));
  const note = cut.note ? `\n_(output cut: ${cut.note})_` : '';
  return { text: `${head}\n\`\`\`\n${escapeSlackText(cut.text)}\n\`\`\`${note}`, truncated: cut.note !== undefined };
}
