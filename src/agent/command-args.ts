import type { AgentConfig } from './config.js';

export type NamedCommand = AgentConfig['commands'][string];

/**
 * Checks `run` arguments against the command's definition: how many it takes, and each one against
 * its pattern (the whole argument must match). Returns why not, or `undefined` when they are good.
 */
export function checkCommandArgs(name: string, command: NamedCommand, args: readonly string[]): string | undefined {
  const required = command.args.filter((arg) => !arg.optional).length;
  if (args.length < required || args.length > command.args.length) {
    const usage = command.args.map((arg) => (arg.optional ? `[${arg.name}]` : arg.name)).join(' ');
    const takes = command.args.length === 0 ? 'takes no arguments' : `takes ${usage}`;
    return `\`${name}\` ${takes}; got ${args.length}`;
  }
  for (const [index, value] of args.entries()) {
    const spec = command.args[index];
    if (spec && !new RegExp(`^(?:${spec.pattern})$`, 'u').test(value)) {
      return `argument ${spec.name} of \`${name}\` must match /${spec.pattern}/`;
    }
  }
  return undefined;
}
