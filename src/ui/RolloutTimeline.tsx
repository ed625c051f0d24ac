import { Box, Text } from 'ink';
import { clockTime, progressBar, shortSha, truncate } from './format.js';
import type { HostStep, RolloutRow, StepStatus } from './model.js';
import { Toned, type Tone } from './theme.js';

const stepMark: Record<StepStatus, { mark: string; tone: Tone }> = {
  pending: { mark: '·', tone: 'dim' },
  updating: { mark: '▸', tone: 'accent' },
  done: { mark: '✓', tone: 'ok' },
  failed: { mark: '✗', tone: 'bad' },
  reverted: { mark: '↺', tone: 'bad' },
  lost: { mark: '?', tone: 'bad' },
  'rolling-back': { mark: '◂', tone: 'warn' },
  'rolled-back': { mark: '↩', tone: 'dim' },
};

function StepLines({ step, width, maxEvents }: { step: HostStep; width: number; maxEvents: number }) {
  const { mark, tone } = stepMark[step.status];
  const events = step.events.slice(-maxEvents);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">
        <Toned tone={tone}>{`${mark} ${step.host}`}</Toned>
        <Text>{`  ${step.status}`}</Text>
      </Text>
      {events.map((e, i) => (
        <Text key={i} wrap="truncate">
          {truncate(`    ${clockTime(e.at)}  ${e.text}`, width)}
        </Text>
      ))}
    </Box>
  );
}

export interface RolloutTimelineProps {
  rollout: RolloutRow;
  width: number;
  height: number;
}

/** One rollout, host by host in plan order, each with its records. */
export function RolloutTimeline({ rollout: r, width, height }: RolloutTimelineProps) {
  const head = `${r.strategy} ${r.phase} · ${r.ref ?? '—'} ${shortSha(r.sha)} · ${progressBar(r.done, r.total, 10)} · failures ${r.failures}/${r.maxFailures} · promote: ${r.promotion}`;
  // Each host takes one line plus its events; with little room, fewer events per host.
  const spare = Math.max(0, height - 3 - r.steps.length);
  const maxEvents = r.steps.length > 0 ? Math.max(0, Math.floor(spare / r.steps.length)) : 0;
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">{`Rollout ${r.ts}`}</Text>
      <Text wrap="truncate">{truncate(head, width)}</Text>
      {r.haltReason ? <Toned tone="bad">{truncate(`halted: ${r.haltReason}`, width)}</Toned> : null}
      {r.steps.map((s) => (
        <StepLines key={s.host} step={s} width={width} maxEvents={maxEvents} />
      ))}
    </Box>
  );
}
