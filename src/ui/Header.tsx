import { Text } from 'ink';
import { formatAge, truncate } from './format.js';
import type { DashboardView } from './model.js';
import { Toned } from './theme.js';

/** One line: the channel, the fleet in a few words, freshness, and the dashboard's own API spend. */
export function Header({ view, now, width }: { view: DashboardView; now: number; width: number }) {
  const stale = view.fleet.filter((h) => h.stale).length;
  const active = view.rollouts.filter((r) => !['done', 'aborted', 'halted', 'rolled-back'].includes(r.phase)).length;
  const calls = view.budget.reduce((sum, b) => sum + b.perMinute, 0);
  const limited = view.budget.reduce((sum, b) => sum + b.rateLimited, 0);
  const parts = [
    `troupe · ${view.channel}`,
    `${view.fleet.length} hosts${stale > 0 ? ` (${stale} stale)` : ''}`,
    `${active} rollout${active === 1 ? '' : 's'} active`,
    view.updatedAt === undefined ? 'loading…' : `updated ${formatAge(now - view.updatedAt)} ago`,
    `api ${calls}/min · ${limited}×429`,
  ];
  return (
    <Text wrap="truncate">
      <Text bold>{truncate(parts.join('  ·  '), width)}</Text>
      {view.error ? <Toned tone="bad">{truncate(`  ${view.error}`, Math.max(0, width - parts.join('  ·  ').length))}</Toned> : null}
    </Text>
  );
}
