import { fitColumns, type Column } from './columns.js';
import { cell } from './format.js';
import type { TableRow } from './Table.js';

/**
 * The same table as the dashboard's, as plain lines for the read commands: columns dropped to
 * fit `width`, no colour, no cursor. A stale host keeps its `!`.
 */
export function plainTable(columns: Column[], rows: TableRow[], width: number): string {
  // A column that grows on screen takes its content's width here, so that lines end where the text does.
  const natural = columns.map((c) =>
    c.grow ? { ...c, grow: false, width: Math.max(c.width, ...rows.map((r) => Array.from(r[c.key]?.text ?? '').length)) } : c,
  );
  const fitted = fitColumns(natural, width);
  const line = (values: string[]) =>
    fitted
      .map((c, i) => cell(values[i] ?? '', c.width, c.align))
      .join('  ')
      .trimEnd();
  const lines = [line(fitted.map((c) => c.header)), ...rows.map((r) => line(fitted.map((c) => r[c.key]?.text ?? '')))];
  return `${lines.join('\n')}\n`;
}
