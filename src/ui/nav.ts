/** Where the person is in the dashboard, and how keys move it: a pure reducer. */

export const PANES = ['rollouts', 'fleet', 'locks', 'feed'] as const;
export type Pane = (typeof PANES)[number];

export type Detail = { kind: 'rollout'; index: number } | { kind: 'lock'; index: number } | { kind: 'host'; index: number };

export interface NavState {
  pane: Pane;
  selected: Record<Pane, number>;
  detail?: Detail;
  help: boolean;
}

export type NavKey = 'next' | 'previous' | 'up' | 'down' | 'enter' | 'back' | 'help';

export const initialNav: NavState = {
  pane: 'rollouts',
  selected: { rollouts: 0, fleet: 0, locks: 0, feed: 0 },
  help: false,
};

function clamp(value: number, count: number): number {
  return Math.max(0, Math.min(value, count - 1));
}

function cyclePane(pane: Pane, step: number): Pane {
  const i = PANES.indexOf(pane);
  return PANES[(i + step + PANES.length) % PANES.length] ?? 'rollouts';
}

const detailOf: Partial<Record<Pane, Detail['kind']>> = { rollouts: 'rollout', locks: 'lock', fleet: 'host' };

/** The next state after a key; `counts` are the rows each pane has now. */
export function navigate(state: NavState, key: NavKey, counts: Record<Pane, number>): NavState {
  if (state.help) return key === 'back' || key === 'help' ? { ...state, help: false } : state;
  if (key === 'help') return { ...state, help: true };
  if (state.detail) return key === 'back' ? { ...state, detail: undefined } : state;
  const current = state.selected[state.pane];
  switch (key) {
    case 'next':
      return { ...state, pane: cyclePane(state.pane, 1) };
    case 'previous':
      return { ...state, pane: cyclePane(state.pane, -1) };
    case 'up':
      return { ...state, selected: { ...state.selected, [state.pane]: clamp(current - 1, counts[state.pane]) } };
    case 'down':
      return { ...state, selected: { ...state.selected, [state.pane]: clamp(current + 1, counts[state.pane]) } };
    case 'enter': {
      const kind = detailOf[state.pane];
      if (!kind || counts[state.pane] === 0) return state;
      return { ...state, detail: { kind, index: clamp(current, counts[state.pane]) } };
    }
    default:
      return state;
  }
}
