/**
 * slackmq's own errors (it stands alone, so it does not share troupe's base class). Each has a
 * literal `code`; branch with `instanceof`. Vendor errors never leave the library: they are
 * translated where Slack is called (see `call-slack.ts`), with the original kept as `cause`.
 */
export class SlackmqError extends Error {
  readonly code: string = 'slackmq_error';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Who holds a lock, as far as the thread says. */
export interface HolderInfo {
  host?: string;
  token?: string;
  /** Slack time the claim was posted. */
  since?: number;
  /** Seconds of lease left by Slack time (negative once run out). */
  leaseLeftS?: number;
  /** How the lock looked: `held`, `expired`, `unclaimed`, … */
  state: string;
}

/** Another holder has the lock (only `already_pinned` or a current claim in the thread mean this). */
export class LockHeldError extends SlackmqError {
  override readonly code = 'lock_held';

  constructor(
    message: string,
    readonly holder: HolderInfo,
  ) {
    super(message);
  }
}

/** This process held the lock and no longer does: stop before any further irreversible step. */
export class LockLostError extends SlackmqError {
  override readonly code = 'lock_lost';

  constructor(
    message: string,
    readonly reason: 'broken' | 'lease_expired' | 'released' | 'late' | 'unknown',
    readonly token: string,
  ) {
    super(message);
  }
}

/** The token lacks a scope. `scope` names what to add in the app's OAuth settings. */
export class MissingScopeError extends SlackmqError {
  override readonly code = 'missing_scope';

  constructor(
    readonly scope: string,
    readonly method: string,
    options?: { cause?: unknown },
  ) {
    super(`${method} needs the ${scope} scope: add it to the app's bot token scopes and reinstall the app`, options);
  }
}

/** The token is invalid, revoked or not allowed here. */
export class SlackAuthError extends SlackmqError {
  override readonly code = 'slack_auth';

  constructor(
    readonly error: string,
    readonly method: string,
    options?: { cause?: unknown },
  ) {
    super(`${method} was refused (${error}): check the bot token (SLACK_BOT_TOKEN) and that the app is installed`, options);
  }
}

/** Slack kept failing (rate limits, 5xx, network) past the retry budget or the deadline, or the deadline came before the first attempt. */
export class SlackUnavailableError extends SlackmqError {
  override readonly code = 'slack_unavailable';

  constructor(
    readonly method: string,
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super(
      attempts === 0
        ? `${method} was not sent: the step it serves ran out of time (the process was paused, or Slack was slow); try again later`
        : `${method} kept failing after ${attempts} attempt(s): Slack or the network is down; try again later`,
      options,
    );
  }
}

/** Slack answered `ok: false` with an error that is neither transient nor expected (e.g. `channel_not_found`). */
export class SlackCallError extends SlackmqError {
  override readonly code = 'slack_call';

  constructor(
    readonly error: string,
    readonly method: string,
    options?: { cause?: unknown },
  ) {
    super(`${method} failed: ${error}${hint(error)}`, options);
  }
}

function hint(error: string): string {
  if (error === 'not_in_channel' || error === 'channel_not_found') return ' (invite the bot to the channel: /invite @troupe)';
  if (error === 'message_not_found') return ' (the message was deleted, or the ts is wrong)';
  if (error === 'not_pinnable') return ' (this kind of message cannot be pinned; lock a normal message)';
  if (error === 'too_many_pins') return ' (unpin old messages in the channel)';
  return '';
}
