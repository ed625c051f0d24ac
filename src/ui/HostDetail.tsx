import { Box, Text } from 'ink';
import { clockTime, formatAge, shortSha } from './format.js';
import type { FleetRow, RolloutRow } from './model.js';
import { Toned } from './theme.js';

/** One host: its roster entry and its part in the recent rollouts. */
export function HostDetail({ host, rollouts, now }: { host: FleetRow; rollouts: RolloutRow[]; now: number }) {
  const parts = rollouts.flatMap((r) => r.steps.filter((s) => s.host === host.host).map((s) => ({ r, s })));
  return (
    <Box flexDirection="column">
      <Text bold>{`Host ${host.host}`}</Text>
      <Text>{`  state      ${host.state}`}</Text>
      <Text>{`  version    ${host.version ?? '—'} ${shortSha(host.sha)}`}</Text>
      <Text>
        {`  heartbeat  ${formatAge(host.heartbeatAt === undefined ? undefined : now - host.heartbeatAt)} ago`}
        {host.stale ? <Toned tone="bad"> (stale)</Toned> : null}
      </Text>
      <Text>{`  link       ${host.link}`}</Text>
      <Text> </Text>
      <Text bold>Recent rollouts</Text>
      {parts.length === 0 ? <Text>  none</Text> : null}
      {parts.map(({ r, s }) => (
        <Box key={r.ts} flexDirection="column">
          <Text>{`  ${r.ts} ${r.strategy} ${shortSha(r.sha)}: ${s.status}`}</Text>
          {s.events.slice(-4).map((e, i) => (
            <Text key={i} wrap="truncate">{`    ${clockTime(e.at)}  ${e.text}`}</Text>
          ))}
        </Box>
      ))}
    </Box>
  );
}
