import type { CommandModule } from 'yargs';
import { agentCommand } from './agent.js';
import { dashboardCommand } from './dashboard.js';
import { deployCommand } from './deploy.js';
import { demoCommand } from './demo.js';
import { doctorCommand } from './doctor.js';
import { emulatorCommand } from './emulator.js';
import { locksCommand } from './locks.js';
import { rolloutsCommand } from './rollouts.js';
import { statusCommand } from './status.js';
import { superviseCommand } from './supervise.js';
import { unlockCommand } from './unlock.js';

/**
 * Every `troupe` subcommand, one module per file. Each module's handler only parses,
 * builds dependencies and calls an exported `runX(args, deps)`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: CommandModule<any, any>[] = [agentCommand, dashboardCommand, deployCommand, demoCommand, doctorCommand, emulatorCommand, locksCommand, rolloutsCommand, statusCommand, superviseCommand, unlockCommand];
