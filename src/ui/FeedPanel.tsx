import { Box, Text } from 'ink';
import { clockTime, truncate } from './format.js';
import type { FeedItem } from './model.js';
import { Toned, type Tone } from './theme.js';

const kindTone: Record<string, Tone> = {
  failed: 'bad',
  reverted: 'bad',
  halted: 'bad',
  aborted: 'bad',
  break: 'warn',
  done: 'ok',
  promoted: 'ok',
  claim: 'accent',
};

/** The latest thread records, newest last, one line each. */
export function FeedPanel({ feed, width, height }: { feed: FeedItem[]; width: number; height: number }) {
  const items = feed.slice(-Math.max(1, height));
  if (items.length === 0) return <Text>Nothing in the threads yet.</Text>;
  return (
    <Box flexDirection="column">
      {items.map((item) => (
        <Text key={item.ts} wrap="truncate">
          <Text dimColor>{`${clockTime(item.at)} `}</Text>
          <Toned tone={kindTone[item.kind] ?? 'plain'}>{truncate(`${item.host ?? '—'} ${item.kind}`, 22).padEnd(22)}</Toned>
          <Text>{` ${truncate(item.text, Math.max(0, width - 32))}`}</Text>
        </Text>
      ))}
    </Box>
  );
}
