import type { CommandModule } from 'yargs';

interface AgentArgs {
  config?: string;
}

/** `troupe agent --config FILE`: the host daemon. */
export const agentCommand: CommandModule<object, AgentArgs> = {
  command: 'agent',
  builder: (yargs) =>
    yargs.option('config', {
      type: 'string',
      describe: 'The agent configuration (YAML or JSON); default: $TROUPE_CONFIG',
    }),
  handler: async (args) => {
    // Loaded on demand: the daemon should not pay for the other commands' modules, nor they for it.
    const { runAgent } = await import('../agent/run-agent.js');
    process.exitCode = await runAgent({ config: args.config });
  },
};
