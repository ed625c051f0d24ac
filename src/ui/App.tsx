import { useApp, useInput, type Key } from 'ink';
import { useState } from 'react';
import { Dashboard } from './Dashboard.js';
import { initialNav, navigate, type NavKey, type NavState } from './nav.js';
import { ColorContext } from './theme.js';
import { useFleet } from './use-fleet.js';
import { useTerminalSize, type TerminalSize } from './use-terminal-size.js';
import type { ViewSource } from './view-source.js';

export interface AppProps {
  source: ViewSource;
  /** Slack time now, in seconds. */
  clock: () => number;
  color: boolean;
  /** How often to ask the source for fresh data; the source's budget may still skip calls. */
  pollMs: number;
  /** Fixes the size (tests); otherwise the terminal's, following resizes. */
  size?: TerminalSize;
}

/** Maps a key press to a navigation key, `refresh`, `quit`, or nothing. */
export function keyAction(input: string, key: Key): NavKey | 'refresh' | 'quit' | undefined {
  if (key.tab) return key.shift ? 'previous' : 'next';
  if (key.rightArrow) return 'next';
  if (key.leftArrow) return 'previous';
  if (key.upArrow || input === 'k') return 'up';
  if (key.downArrow || input === 'j') return 'down';
  if (key.return) return 'enter';
  if (key.escape) return 'back';
  if (input === '?') return 'help';
  if (input === 'r') return 'refresh';
  if (input === 'q' || (key.ctrl && input === 'c')) return 'quit';
  return undefined;
}

/** The live dashboard: data from `source`, keys, and the terminal's size. */
export function App({ source, clock, color, pollMs, size }: AppProps) {
  const { exit } = useApp();
  const terminal = useTerminalSize();
  const { columns, rows } = size ?? terminal;
  const { view, now, refresh } = useFleet(source, clock, pollMs);
  const [nav, setNav] = useState<NavState>(initialNav);

  useInput((input, key) => {
    const action = keyAction(input, key);
    if (action === 'quit') return exit();
    if (action === 'refresh') return refresh();
    if (!action) return;
    const counts = { rollouts: view.rollouts.length, fleet: view.fleet.length, locks: view.locks.length, feed: view.feed.length };
    setNav((state) => navigate(state, action, counts));
  });

  return (
    <ColorContext.Provider value={color}>
      <Dashboard view={view} now={now} width={columns} height={rows} nav={nav} />
    </ColorContext.Provider>
  );
}
