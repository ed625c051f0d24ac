/**
 * Removing a lock's pin after a record that closed the lock (a release, a winning break).
 * `pins.remove` has no compare-and-set: an attempt whose answer was lost (a 5xx, a dropped
 * connection) may have been applied, and the next holder may have pinned the message since. A
 * blind retry would then remove the next holder's pin (I3). So before another attempt, `pins.list`
 * says whether the pin is still there and since when.
 */
import { backoffMs, callSlack } from './call-slack.js';
import { SlackUnavailableError } from './errors.js';
import { readPin, type LockSite } from './thread.js';
import { tsToSeconds } from './slack-ts.js';

/**
 * Removes the pin for the contender whose record at `closedTs` closed the lock; true when the pin
 * is gone. After a failed attempt: no pin means an earlier attempt removed it; a pin added before
 * the close's second is the old one and is tried again; a pin added in that second or later may be
 * the next holder's and stays (`false`: a pin left behind is broken after the grace — slower, never
 * wrong). Gives up with `SlackUnavailableError` at the site's deadline or attempt budget.
 *
 * `pinCreated`: the close was the break of a pin with no claim, and only that pin (by its
 * `created`) is the closer's. `pins.list` is read before the first attempt too: the breaker's
 * read of the pin may be old (held up by 429s), the pin it broke removed since by the winner of an
 * earlier round and the message pinned again by a contender, whose pin is not the breaker's to take.
 */
export async function removeClosedPin(site: LockSite, closedTs: string, pinCreated?: number): Promise<boolean> {
  const { call } = site;
  const once = { ...call, retry: { ...call.retry, maxAttempts: 1 } };
  const closedS = Math.floor(tsToSeconds(closedTs));
  const theClosedPin = (created: number | undefined) => created !== undefined && (pinCreated === undefined ? created < closedS : created === pinCreated);
  const past = (extraMs = 0) => call.deadlineMs !== undefined && call.clock.monotonicMs() + extraMs >= call.deadlineMs;
  if (pinCreated !== undefined) {
    const pin = await readPin(site);
    if (!pin.pinned) return true;
    if (!theClosedPin(pin.created)) return false;
  }
  for (let attempt = 1; ; attempt++) {
    let failure: SlackUnavailableError;
    try {
      const removed = await callSlack('pins.remove', () => site.slack.pins.remove({ channel: site.channel, timestamp: site.ts }), once, ['no_pin', 'not_pinned']);
      return removed.ok;
    } catch (error) {
      if (!(error instanceof SlackUnavailableError)) throw error;
      failure = error;
    }
    const waitMs = backoffMs(call.retry, attempt, call.random);
    const giveUp = () => new SlackUnavailableError('pins.remove', attempt, { cause: failure.cause });
    if (attempt >= call.retry.maxAttempts || past(waitMs)) throw giveUp();
    await call.clock.sleep(waitMs);
    // Neither the read nor the next attempt starts past the deadline (`callSlack` checks it).
    const pin = await readPin(site);
    if (!pin.pinned) return true;
    if (!theClosedPin(pin.created)) return false;
  }
}
