import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
} from '@slack/web-api';
import { redact } from '../util/redact.js';

/** A Slack client error reduced to what a doctor message needs. */
export interface SlackProblem {
  /** Slack's error code (`invalid_auth`, `missing_scope`, …) or `unreachable`, `http_503`, `ratelimited`. */
  readonly code: string;
  /** For `missing_scope`: the scope(s) the method needs. */
  readonly needed?: string;
  /** One line, tokens redacted. */
  readonly summary: string;
}

export function describeSlackError(error: unknown): SlackProblem {
  if (error instanceof WebAPIPlatformError) {
    const data = error.data as unknown as Record<string, unknown>;
    const needed = typeof data.needed === 'string' ? data.needed : undefined;
    const code = error.data.error;
    return { code, ...(needed ? { needed } : {}), summary: needed ? `${code} (needs ${needed})` : code };
  }
  if (error instanceof WebAPIRequestError) {
    return { code: 'unreachable', summary: `cannot reach Slack: ${redact(error.original.message)}` };
  }
  if (error instanceof WebAPIHTTPError) {
    return { code: `http_${error.statusCode}`, summary: `Slack answered HTTP ${error.statusCode}` };
  }
  if (error instanceof WebAPIRateLimitedError) {
    return { code: 'ratelimited', summary: `rate limited; retry after ${error.retryAfter} s` };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'error', summary: redact(message.split('\n')[0] ?? message) };
}

/** Errors that mean the token itself is wrong, revoked or from an uninstalled app. */
export const TOKEN_ERRORS: ReadonlySet<string> = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'app_uninstalled',
  'team_disabled',
]);

/** The fix for a Slack answer that is not about the token or scopes: the network, or Slack itself. */
export function reachFix(problem: SlackProblem, apiUrl: string): string {
  if (problem.code === 'unreachable' || problem.code.startsWith('http_')) {
    return `check that this host can reach ${apiUrl} (proxy, firewall, DNS), or SLACK_API_URL / slack.apiUrl if you point troupe elsewhere`;
  }
  return `Slack said ${problem.summary}; run troupe doctor again, and if it persists see Slack's status page`;
}
