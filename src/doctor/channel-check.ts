import { fail, pass, type CheckResult } from './check.js';
import type { DoctorConfig } from './doctor-config.js';
import type { DoctorWeb } from './slack-clients.js';
import { describeSlackError, reachFix } from './slack-error.js';
import type { BotIdentity } from './token-checks.js';

/** conversations.info on the configured channel: it exists, is not archived, and the bot is in it. */
export async function checkChannel(config: DoctorConfig, web: DoctorWeb, bot: BotIdentity): Promise<CheckResult> {
  const id = config.channel;
  try {
    const { channel } = await web.conversations.info({ channel: id });
    const name = channel?.name ? `#${channel.name}` : id;
    if (channel?.is_archived) {
      return fail('channel', `${name} (${id}) is archived`, `unarchive ${name}, or set channel: in ${config.file} to a live channel`);
    }
    if (channel?.is_member !== true) {
      return fail('channel', `@${bot.name} is not a member of ${name} (${id})`, `in Slack, open ${name} and type /invite @${bot.name}`);
    }
    return pass('channel', `@${bot.name} is a member of ${name} (${id})`);
  } catch (error) {
    const problem = describeSlackError(error);
    if (problem.code === 'channel_not_found') {
      return fail(
        'channel',
        `Slack knows no channel ${id} that the bot can see`,
        `check channel: in ${config.file} (channel details → About → Channel ID); a private channel stays invisible until you /invite @${bot.name}`,
      );
    }
    if (problem.code === 'missing_scope') {
      return fail('channel', `conversations.info refused: ${problem.summary}`, `grant ${problem.needed ?? 'the scope'} (see bot scopes)`);
    }
    return fail('channel', `conversations.info failed: ${problem.summary}`, reachFix(problem, config.apiUrl));
  }
}
