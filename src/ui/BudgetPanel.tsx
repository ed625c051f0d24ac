import { Box, Text } from 'ink';
import { cell } from './format.js';
import type { BudgetRow } from './model.js';
import { Toned } from './theme.js';

/** The dashboard's own API calls per minute, per method, against its share and Slack's tier. */
export function BudgetPanel({ budget }: { budget: BudgetRow[] }) {
  if (budget.length === 0) return <Text>No API calls yet.</Text>;
  return (
    <Box flexDirection="column">
      <Text bold>{`${cell('METHOD', 22)}  ${cell('/MIN', 5, 'right')}  ${cell('SHARE', 5, 'right')}  ${cell('TIER', 5, 'right')}  429s`}</Text>
      {budget.map((b) => (
        <Text key={b.method} wrap="truncate">
          {`${cell(b.method, 22)}  `}
          <Toned tone={b.perMinute > b.share ? 'bad' : 'plain'}>{cell(String(b.perMinute), 5, 'right')}</Toned>
          {`  ${cell(String(b.share), 5, 'right')}  ${cell(String(b.tier), 5, 'right')}  `}
          <Toned tone={b.rateLimited > 0 ? 'bad' : 'plain'}>{String(b.rateLimited)}</Toned>
        </Text>
      ))}
    </Box>
  );
}
