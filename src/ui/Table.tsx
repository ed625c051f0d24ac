import { Box, Text } from 'ink';
import { useContext } from 'react';
import { cell } from './format.js';
import { fitColumns, type Column } from './columns.js';
import { ColorContext, Toned, type Tone } from './theme.js';

export interface Cell {
  text: string;
  tone?: Tone;
}

export type TableRow = Record<string, Cell>;

export interface TableProps {
  columns: Column[];
  rows: TableRow[];
  width: number;
  /** Rows to show at most (the header not counted); the window follows `selected`. */
  height: number;
  /** Index of the selected row, shown inverse when the table has focus. */
  selected?: number;
  focused?: boolean;
  empty: string;
}

/** Which rows to show so that the selected one stays visible. */
export function windowOf(count: number, height: number, selected = 0): { start: number; end: number } {
  if (count <= height) return { start: 0, end: count };
  const start = Math.min(Math.max(0, selected - height + 1), count - height);
  return { start, end: start + height };
}

/** A dense table: one line per row, columns dropped to fit, the selection kept in view. */
export function Table({ columns, rows, width, height, selected = 0, focused = false, empty }: TableProps) {
  const color = useContext(ColorContext);
  const fitted = fitColumns(columns, width);
  // One line goes to the "n–m of k" indicator when the rows do not all fit.
  const visible = Math.max(1, rows.length > height ? height - 1 : height);
  const { start, end } = windowOf(rows.length, visible, selected);
  const header = fitted.map((c) => cell(c.header, c.width, c.align)).join('  ');
  return (
    <Box flexDirection="column">
      <Text bold dimColor={color}>
        {header.trimEnd()}
      </Text>
      {rows.length === 0 ? <Text>{empty}</Text> : null}
      {rows.slice(start, end).map((r, i) => {
        const isSelected = focused && start + i === selected;
        return (
          <Text key={start + i} wrap="truncate">
            {fitted.map((c, j) => (
              <Toned key={c.key} tone={r[c.key]?.tone} inverse={isSelected}>
                {cell(r[c.key]?.text ?? '', c.width, c.align)}
                {j < fitted.length - 1 ? '  ' : ''}
              </Toned>
            ))}
          </Text>
        );
      })}
      {rows.length > end - start ? (
        <Text dimColor={color}>{`  ${start + 1}–${end} of ${rows.length}`}</Text>
      ) : null}
    </Box>
  );
}
