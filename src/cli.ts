import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { commandsFor } from './commands/index.js';
import { TroupeError, UsageError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import { redact } from './util/redact.js';
import { version } from './version.js';

/**
 * The command line. The only place that calls `process.exit`.
 */
export async function main(argv: string[]): Promise<number> {
  const parser = yargs(argv)
    .scriptName('troupe')
    .usage('$0 <command> [options]\n\nA Slack channel as the control plane of your fleet.')
    .command(await commandsFor(argv))
    .demandCommand(1, 'Name a command: see the list above.')
    .recommendCommands()
    .strict()
    .strictCommands()
    .help()
    .alias('h', 'help')
    .version(version)
    .wrap(Math.min(100, process.stdout.columns || 100))
    .fail((message, error) => {
      if (error) throw error;
      throw new UsageError(message);
    });

  try {
    await parser.parseAsync();
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok;
  } catch (error) {
    if (error instanceof UsageError) {
      parser.showHelp((text) => process.stderr.write(`${text}\n\n`));
      process.stderr.write(`${redact(error.message.trim())}\n`);
      return ExitCode.usage;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`troupe: ${redact(message)}\n`);
    if (!(error instanceof TroupeError) && process.env.TROUPE_DEBUG && error instanceof Error) {
      process.stderr.write(`${redact(error.stack ?? '')}\n`);
    }
    return ExitCode.failure;
  }
}

const code = await main(hideBin(process.argv));
process.exit(code);
