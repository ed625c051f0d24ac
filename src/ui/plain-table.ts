import { fitColumns, type Column } from './columns.js';
import { cell } from './format.js';
import type { TableRow } from './Table.js';

/**
 * The same table as the dashboard's, as plain lines for the read commands: columns dropped to
 * fit `width`, no colour, no cursor. A stale host keeps its `!`.
 */
export function plainTable(columns: Column[], rows: TableRow[], width: number): string {
  const fitted = fitColumns(columns, width);
  const line = (values: string[]) =>
    fitted
      .map((c, i) => cell(values[i] ?? '', c.width, c.align))
      .join('  ')
      .trimEnd();
  const lines = [line(fitted.map((c) => c.header)), ...rows.map((r) => line(fitted.map((c) => r[c.key]?.text ?? '')))];
  return `${lines.join('\n')}\n`;
}
