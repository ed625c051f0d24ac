import type { CommandModule } from 'yargs';
import { loadConfig } from '../agent/config.js';
import { runDoctor, type DoctorArgs } from '../doctor/run-doctor.js';
import { systemPorts } from '../doctor/system-ports.js';

export const doctorCommand: CommandModule<object, DoctorArgs> = {
  command: 'doctor',
  builder: (yargs) =>
    yargs
      .usage('$0 doctor [--config FILE] [--json]')
      .option('config', { type: 'string', describe: "the agent's configuration file (default: $TROUPE_CONFIG)" })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON document instead of lines' }),
  handler: async (args) => {
    process.exitCode = await runDoctor(args, {
      env: process.env,
      loadConfig,
      system: systemPorts,
      out: (text) => process.stdout.write(text),
    });
  },
};
