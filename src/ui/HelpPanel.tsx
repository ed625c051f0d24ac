import { Box, Text } from 'ink';

const keys: [string, string][] = [
  ['tab / shift-tab', 'next / previous pane'],
  ['↑ ↓  (k j)', 'move in the pane'],
  ['enter', 'details: a rollout’s timeline, a lock, a host'],
  ['esc', 'back'],
  ['r', 'refresh now (within the API budget)'],
  ['?', 'this help'],
  ['q', 'quit'],
];

/** The keys, and what the marks mean. */
export function HelpPanel() {
  return (
    <Box flexDirection="column">
      <Text bold>Keys</Text>
      {keys.map(([key, what]) => (
        <Text key={key}>{`  ${key.padEnd(18)}${what}`}</Text>
      ))}
      <Text> </Text>
      <Text bold>Marks</Text>
      <Text>{'  ! 42s            a heartbeat older than the fleet allows (stale)'}</Text>
      <Text>{'  ✓ ✗ ↺ ? ▸ ·      done, failed, reverted, lost, in progress, pending'}</Text>
      <Text> </Text>
      <Text>For scripts: troupe status --json, troupe locks --json, troupe rollouts --json</Text>
    </Box>
  );
}
