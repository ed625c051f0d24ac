import type { SlackPorts } from '../../slackmq/index.js';
import { operatorBreak } from '../../view/operator-break.js';
import type { DeployCommand } from '../decide.js';
import type { Reply } from './rollout-thread.js';

export type UnlockPorts = SlackPorts & { channel: string };

/**
 * `unlock TS REASON` typed by an operator: breaks the lock on message TS through the lock's own
 * break protocol (never a bare unpin), even a live claim: the holder sees the break at its next
 * renewal and stops; a rollout whose holder was broken halts with the reason.
 */
export async function unlockInChannel(command: Extract<DeployCommand, { kind: 'unlock' }>, user: string, ports: UnlockPorts, reply: Reply): Promise<void> {
  const { channel, ...slack } = ports;
  const outcome = await operatorBreak({ slack, channel, ts: command.ts, by: `operator:${user}` }, command.reason, true);
  switch (outcome.outcome) {
    case 'broken':
      await reply.say(`🔨 broke the lock on ${command.ts} (${command.reason})${outcome.unpinned ? '' : '; the pin could not be removed, remove it by hand'}.`);
      return;
    case 'nothing_to_break':
      await reply.say(`Nothing to unlock: the lock on ${command.ts} is ${outcome.info.state}. Nothing changed.`);
      return;
    case 'lost_race':
      await reply.say(`Another break of ${command.ts} won${outcome.winner ? ` (by ${outcome.winner})` : ''}; nothing more to do.`);
      return;
    case 'in_progress':
      await reply.say(`${outcome.by} is breaking the lock on ${command.ts} already; nothing more to do.`);
  }
}
