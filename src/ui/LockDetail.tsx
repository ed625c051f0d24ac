import { Box, Text } from 'ink';
import { clockTime, formatAge, formatCountdown } from './format.js';
import type { LockRow } from './model.js';
import { Toned } from './theme.js';

/** One pin: what it is, who holds it, and how to break it if it must be broken. */
export function LockDetail({ lock, now }: { lock: LockRow; now: number }) {
  const live = lock.status === 'held' && lock.leaseUntil !== undefined && lock.leaseUntil > now;
  return (
    <Box flexDirection="column">
      <Text bold>{`Pin ${lock.ts}`}</Text>
      <Text>{`  what     ${lock.kind}: ${lock.title}`}</Text>
      <Text>{`  status   ${lock.status}`}</Text>
      <Text>{`  holder   ${lock.kind === 'person' ? `person ${lock.pinnedBy ?? '?'}` : (lock.holder ?? '—')}`}</Text>
      <Text>{`  token    ${lock.token ?? '—'}`}</Text>
      <Text>{`  lease    ${formatCountdown(lock.leaseUntil, now)}`}</Text>
      <Text>{`  pinned   ${clockTime(lock.pinnedAt)} (${formatAge(lock.pinnedAt === undefined ? undefined : now - lock.pinnedAt)} ago)`}</Text>
      <Text> </Text>
      {live ? <Toned tone="warn">The lease is live: the holder may be working. Breaking it now risks two hosts down.</Toned> : null}
      <Text>{`To break it (operators only): troupe unlock ${lock.ts} --reason "…"`}</Text>
    </Box>
  );
}
