import { Box, Text } from 'ink';
import { App, type AppProps } from '../ui/App.js';
import { useTerminalSize } from '../ui/use-terminal-size.js';

export interface DemoScreenProps extends Omit<AppProps, 'size'> {
  /** The channel page's URL, kept in sight above the dashboard. */
  pageUrl: string;
}

/** The demo's terminal: one line with the channel page and what to type, then the dashboard. */
export function DemoScreen({ pageUrl, ...app }: DemoScreenProps) {
  const { columns, rows } = useTerminalSize();
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        Channel: <Text bold>{pageUrl}</Text>  as alice type <Text bold>deploy canary v2</Text>, <Text bold>deploy promote</Text>, <Text bold>deploy canary v3</Text>, <Text bold>run uptime on all</Text>  (q or Ctrl-C stops the demo)
      </Text>
      <App {...app} size={{ columns, rows: Math.max(10, rows - 1) }} />
    </Box>
  );
}
