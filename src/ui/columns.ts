/** Fitting table columns into a terminal width: narrow terminals drop the least important. */

export interface Column {
  key: string;
  header: string;
  /** Width in cells (the column never grows past it except the one marked `grow`). */
  width: number;
  /** Lower numbers are dropped last; 0 is never dropped. */
  priority: number;
  align?: 'left' | 'right';
  /** Takes the width that is left over. */
  grow?: boolean;
}

const GAP = 2;

function total(columns: Column[]): number {
  return columns.reduce((sum, c) => sum + c.width, 0) + GAP * Math.max(0, columns.length - 1);
}

/**
 * The columns that fit in `width`, in their original order. Drops the highest-priority number
 * first; then gives spare room to a `grow` column, or cuts the last column if even the
 * essential ones do not fit.
 */
export function fitColumns(columns: Column[], width: number): Column[] {
  let kept = [...columns];
  const byDropOrder = [...columns].filter((c) => c.priority > 0).sort((a, b) => b.priority - a.priority);
  for (const candidate of byDropOrder) {
    if (total(kept) <= width) break;
    kept = kept.filter((c) => c !== candidate);
  }
  const spare = width - total(kept);
  return kept.map((c, i) => {
    if (spare > 0 && c.grow) return { ...c, width: c.width + spare };
    if (spare < 0 && i === kept.length - 1) return { ...c, width: Math.max(1, c.width + spare) };
    return c;
  });
}
