import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { BudgetPanel } from './BudgetPanel.js';
import { FeedPanel } from './FeedPanel.js';
import { FleetTable } from './FleetTable.js';
import { Header } from './Header.js';
import { HelpPanel } from './HelpPanel.js';
import { HostDetail } from './HostDetail.js';
import { allocate } from './layout.js';
import { LockDetail } from './LockDetail.js';
import { LocksTable } from './LocksTable.js';
import type { DashboardView } from './model.js';
import type { NavState, Pane } from './nav.js';
import { RolloutsTable } from './RolloutsTable.js';
import { RolloutTimeline } from './RolloutTimeline.js';
import { Toned } from './theme.js';

export interface DashboardProps {
  view: DashboardView;
  /** Slack time now, in seconds. */
  now: number;
  width: number;
  height: number;
  nav: NavState;
}

function Title({ name, pane, nav, extra }: { name: string; pane: Pane; nav: NavState; extra?: string }) {
  const focused = nav.pane === pane;
  return (
    <Text>
      <Toned tone={focused ? 'accent' : 'plain'} inverse={focused}>{` ${name} `}</Toned>
      {extra ? <Text dimColor>{` ${extra}`}</Text> : null}
    </Text>
  );
}

function DetailView({ view, now, width, height, nav }: DashboardProps): ReactNode {
  const d = nav.detail;
  if (d?.kind === 'rollout' && view.rollouts[d.index]) {
    return <RolloutTimeline rollout={view.rollouts[d.index]!} width={width} height={height} />;
  }
  if (d?.kind === 'lock' && view.locks[d.index]) return <LockDetail lock={view.locks[d.index]!} now={now} />;
  if (d?.kind === 'host' && view.fleet[d.index]) {
    return <HostDetail host={view.fleet[d.index]!} rollouts={view.rollouts} now={now} />;
  }
  return <Text>Gone since the last refresh. Press esc.</Text>;
}

const FOOTER = 'tab pane  ↑↓ move  enter details  esc back  r refresh  ? help  q quit';

/** The whole screen, from plain data: header, rollouts, fleet, locks, feed and budget. */
export function Dashboard(props: DashboardProps) {
  const { view, now, width, height, nav } = props;
  const body = height - 2;
  let content: ReactNode;
  if (nav.help) content = <HelpPanel />;
  else if (nav.detail) content = <DetailView {...props} height={body} />;
  else content = <Panes {...props} height={body} />;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Header view={view} now={now} width={width} />
      <Box flexDirection="column" height={body} overflow="hidden">
        {content}
      </Box>
      <Text dimColor wrap="truncate">{FOOTER}</Text>
    </Box>
  );
}

function Panes({ view, now, width, height, nav }: DashboardProps) {
  const h = allocate(height, width, { rollouts: view.rollouts.length, locks: view.locks.length });
  const feedWidth = h.budgetBeside ? width - 50 : width;
  return (
    <Box flexDirection="column">
      <Title name="Rollouts" pane="rollouts" nav={nav} />
      <RolloutsTable rollouts={view.rollouts} width={width} height={h.rollouts - 1} selected={nav.selected.rollouts} focused={nav.pane === 'rollouts'} />
      <Title name="Fleet" pane="fleet" nav={nav} extra={`${view.fleet.length} hosts`} />
      <FleetTable fleet={view.fleet} now={now} width={width} height={h.fleet - 1} selected={nav.selected.fleet} focused={nav.pane === 'fleet'} />
      <Title name="Locks" pane="locks" nav={nav} extra={`${view.locks.length} pinned`} />
      <LocksTable locks={view.locks} now={now} width={width} height={h.locks - 1} selected={nav.selected.locks} focused={nav.pane === 'locks'} />
      {h.feed > 0 ? (
        <Box flexDirection="row">
          <Box flexDirection="column" width={feedWidth}>
            <Title name="Feed" pane="feed" nav={nav} />
            <FeedPanel feed={view.feed} width={feedWidth} height={h.feed} />
          </Box>
          {h.budgetBeside ? (
            <Box flexDirection="column" width={50}>
              <Text bold> Budget (this dashboard)</Text>
              <BudgetPanel budget={view.budget} />
            </Box>
          ) : null}
        </Box>
      ) : null}
    </Box>
  );
}
