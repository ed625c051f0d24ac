/** Pure text helpers for the dashboard and the read commands' tables. */

/** `42s`, `3m05s`, `2h14m`, `3d`; `—` when unknown. Negative ages read as 0. */
export function formatAge(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  if (s < 86400) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  return `${Math.floor(s / 86400)}d`;
}

/** A lease countdown: `1m40s left`, or `expired 12s ago`. */
export function formatCountdown(until: number | undefined, now: number): string {
  if (until === undefined) return '—';
  const left = until - now;
  return left >= 0 ? `${formatAge(left)} left` : `expired ${formatAge(-left)} ago`;
}

/** The first 7 characters of a sha, as git shows it. */
export function shortSha(sha: string | undefined): string {
  return sha ? sha.slice(0, 7) : '—';
}

/** Cuts text to `width` display cells, ending with `…` when cut. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  const chars = Array.from(text);
  if (chars.length <= width) return text;
  return width === 1 ? '…' : `${chars.slice(0, width - 1).join('')}…`;
}

/** Pads (or cuts) to exactly `width` cells. */
export function cell(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const cut = truncate(text, width);
  const pad = ' '.repeat(Math.max(0, width - Array.from(cut).length));
  return align === 'left' ? cut + pad : pad + cut;
}

/** `[#####-----] 5/10`: a progress bar of `width` cells inside the brackets. */
export function progressBar(done: number, total: number, width: number): string {
  const inner = Math.max(1, width);
  const filled = total > 0 ? Math.min(inner, Math.round((done / total) * inner)) : 0;
  return `[${'#'.repeat(filled)}${'-'.repeat(inner - filled)}] ${done}/${total}`;
}

/** A Slack time as `14:02:07` (UTC): the clock people see in the channel's timestamps. */
export function clockTime(at: number | undefined): string {
  if (at === undefined) return '—';
  return new Date(at * 1000).toISOString().slice(11, 19);
}

/** One line of a table: each value cut to its column width, joined by two spaces. */
export function row(values: string[], widths: number[], aligns: ('left' | 'right')[] = []): string {
  return values.map((value, i) => cell(value, widths[i] ?? value.length, aligns[i] ?? 'left')).join('  ').trimEnd();
}
