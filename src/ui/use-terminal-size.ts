import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

export interface TerminalSize {
  columns: number;
  rows: number;
}

/** The terminal's size, following resizes. */
const DEFAULT_SIZE: TerminalSize = { columns: 80, rows: 24 };

export function useTerminalSize(fallback: TerminalSize = DEFAULT_SIZE): TerminalSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => readSize(stdout, fallback));
  useEffect(() => {
    const onResize = () => setSize(readSize(stdout, fallback));
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, fallback]);
  return size;
}

function readSize(stdout: NodeJS.WriteStream, fallback: TerminalSize): TerminalSize {
  return { columns: stdout.columns || fallback.columns, rows: stdout.rows || fallback.rows };
}
