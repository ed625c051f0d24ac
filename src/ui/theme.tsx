import { createContext, useContext, type ReactNode } from 'react';
import { Text } from 'ink';

/** How a piece of text should stand out. */
export type Tone = 'ok' | 'warn' | 'bad' | 'dim' | 'accent' | 'plain';

/** Colour on or off; off when `NO_COLOR` is set to anything non-empty (no-color.org). */
export const ColorContext = createContext(true);

export function colorFromEnv(env: Record<string, string | undefined> = process.env): boolean {
  return !env.NO_COLOR;
}

const colors: Record<Tone, string | undefined> = {
  ok: 'green',
  warn: 'yellow',
  bad: 'red',
  dim: 'gray',
  accent: 'cyan',
  plain: undefined,
};

/**
 * Text in a tone. Without colour, bad and warn fall back to bold and the rest to plain text,
 * so nothing relies on colour alone (stale hosts and failures also carry a textual mark).
 */
export function Toned({ tone = 'plain', inverse, children }: { tone?: Tone; inverse?: boolean; children: ReactNode }) {
  const color = useContext(ColorContext);
  if (!color) {
    return (
      <Text bold={tone === 'bad' || tone === 'warn'} inverse={inverse}>
        {children}
      </Text>
    );
  }
  return (
    <Text color={colors[tone]} inverse={inverse}>
      {children}
    </Text>
  );
}
