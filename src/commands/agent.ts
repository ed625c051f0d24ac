import type { CommandModule } from 'yargs';
import { runAgent } from '../agent/run-agent.js';

interface AgentArgs {
  config?: string;
}

/** `troupe agent --config FILE`: the host daemon. */
export const agentCommand: CommandModule<object, AgentArgs> = {
  command: 'agent',
  describe: 'Run the host agent: serve the fleet channel (remote commands, roster, deployments) until stopped',
  builder: (yargs) =>
    yargs.option('config', {
      type: 'string',
      describe: 'The agent configuration (YAML or JSON); default: $TROUPE_CONFIG',
    }),
  handler: async (args) => {
    process.exitCode = await runAgent({ config: args.config });
  },
};
