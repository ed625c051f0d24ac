import { TroupeError } from '../errors.js';

/**
 * A Slack platform error raised inside a Web API method of the local Slack. The server turns it
 * into HTTP 200 `{ ok: false, error, ...extra }`, the way Slack answers.
 */
export class SlackMethodError extends TroupeError {
  override readonly code = 'slack_method_error';

  constructor(
    readonly slackError: string,
    readonly extra: Record<string, unknown> = {},
    message = `Slack error: ${slackError}`,
  ) {
    super(message);
  }
}

/** Shorthand for `throw new SlackMethodError(...)` in expression position. */
export function fail(slackError: string, extra?: Record<string, unknown>): never {
  throw new SlackMethodError(slackError, extra);
}
