import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WorkspaceSeed } from './api.js';
import type { Args } from './args.js';
import type { CallLog } from './call-log.js';
import type { FaultState } from './faults.js';
import type { Caller } from './methods/context.js';
import { methods, type MethodSpec } from './methods/registry.js';
import { POST_PER_CHANNEL, POST_PER_WORKSPACE, type BucketSpec, type RateLimiter } from './rate-limiter.js';
import type { MessageRenderer } from './render.js';
import { parseArgs, readBody } from './request-body.js';
import { SlackMethodError, fail } from './slack-error.js';
import type { Store } from './store.js';
import { redact } from '../util/redact.js';

export interface WebApiDeps {
  store: Store;
  renderer: MessageRenderer;
  seed: WorkspaceSeed;
  limiter: RateLimiter;
  faults: FaultState;
  log: CallLog;
  baseUrl: () => string;
  openSocket: (client: string) => string;
}

interface Reply {
  status: number;
  body: Record<string, unknown> | string;
  headers: Record<string, string>;
  rateLimited?: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Serves `/api/<method>` with Slack's answers: auth, faults, rate limits, scopes, then the method. */
export class WebApi {
  constructor(private readonly deps: WebApiDeps) {}

  async handle(req: IncomingMessage, res: ServerResponse, name: string, client: string): Promise<void> {
    const read: { thread?: string } = {};
    const reply = await this.reply(req, name, client, read);
    const latency = this.deps.faults.latency();
    if (latency > 0) await sleep(latency);
    if (res.destroyed) return;
    const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    const contentType = typeof reply.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8';
    res.writeHead(reply.status, { 'content-type': contentType, ...reply.headers });
    res.end(body);
    const error = typeof reply.body === 'object' && reply.body.ok === false ? String(reply.body.error) : undefined;
    this.deps.log.add({ method: name, client, time: Date.now(), status: reply.status, ...(error ? { error } : {}), rateLimited: reply.rateLimited === true, ...read });
  }

  /** `read.thread`: set to the thread a conversations.replies call asks for (for the call log). */
  private async reply(req: IncomingMessage, name: string, client: string, read: { thread?: string }): Promise<Reply> {
    let scopes: readonly string[] = [];
    try {
      const spec = methods.get(name);
      const body = await readBody(req);
      if (!spec) return platformError('unknown_method', {});
      const args = parseArgs(new URL(req.url ?? '/', 'http://local'), req.headers['content-type'], body);
      if (name === 'conversations.replies' && typeof args.ts === 'string') read.thread = args.ts;
      const caller = this.authenticate(req, args, spec, client);
      scopes = caller.scopes;
      const limited = this.limit(name, spec, caller, args);
      if (limited) return limited;
      checkScope(spec, caller);
      const result = spec.handler({ args, caller, store: this.deps.store, renderer: this.deps.renderer, seed: this.deps.seed, baseUrl: this.deps.baseUrl(), openSocket: this.deps.openSocket });
      return { status: 200, body: { ok: true, ...result }, headers: scopeHeaders(scopes, spec) };
    } catch (error) {
      if (error instanceof SlackMethodError) return platformError(error.slackError, error.extra, scopes, methods.get(name));
      process.stderr.write(`${redact(`local Slack: ${name} failed: ${error instanceof Error ? error.message : String(error)}`)}\n`);
      return { status: 500, body: { ok: false, error: 'fatal_error' }, headers: {} };
    }
  }

  private authenticate(req: IncomingMessage, args: Args, spec: MethodSpec, client: string): Caller {
    const header = req.headers.authorization;
    const bearer = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const token = bearer ?? (typeof args.token === 'string' ? args.token : undefined);
    if (!token) fail('not_authed');
    const { bot } = this.deps.seed;
    const base = { userId: bot.userId, botId: bot.botId, appId: bot.appId, client };
    let caller: Caller;
    if (token === bot.botToken) caller = { ...base, tokenType: 'bot', scopes: bot.scopes };
    else if (token === bot.appToken) caller = { ...base, tokenType: 'app', scopes: ['connections:write'] };
    else return fail('invalid_auth');
    if (caller.tokenType !== spec.token) fail('not_allowed_token_type');
    return caller;
  }

  /** Injected faults first, then Slack's buckets: per method per app (chat.postMessage: per channel too). */
  private limit(name: string, spec: MethodSpec, caller: Caller, args: Args): Reply | undefined {
    const fault = this.deps.faults.decide(name);
    if (fault.kind === 'ratelimited') return ratelimited(fault.retryAfter);
    if (fault.kind === 'ok_false') return platformError('internal_error', {});
    if (fault.kind === 'http5xx') return { status: fault.status, body: 'The server encountered a temporary error.', headers: {} };
    const keys: [string, BucketSpec][] =
      spec.tier === 'post'
        ? [[`${caller.appId}:${name}:${this.channelKey(args.channel)}`, POST_PER_CHANNEL], [`${caller.appId}:${name}`, POST_PER_WORKSPACE]]
        : [[`${caller.appId}:${name}`, spec.tier]];
    const wait = this.deps.limiter.take(keys);
    return wait > 0 ? ratelimited(wait) : undefined;
  }

  /** `#ops`, `ops` and its id share one per-channel allowance. */
  private channelKey(channel: unknown): string {
    return typeof channel === 'string' ? (this.deps.store.findChannel(channel)?.id ?? channel) : 'none';
  }
}

function checkScope(spec: MethodSpec, caller: Caller): void {
  if (spec.scopes.length === 0 || spec.scopes.some((scope) => caller.scopes.includes(scope))) return;
  fail('missing_scope', { needed: spec.scopes[0], provided: caller.scopes.join(',') });
}

function scopeHeaders(scopes: readonly string[], spec?: MethodSpec): Record<string, string> {
  return { 'x-oauth-scopes': scopes.join(','), 'x-accepted-oauth-scopes': spec?.scopes.join(',') ?? '' };
}

function platformError(error: string, extra: Record<string, unknown>, scopes: readonly string[] = [], spec?: MethodSpec): Reply {
  return { status: 200, body: { ok: false, error, ...extra }, headers: scopes.length > 0 ? scopeHeaders(scopes, spec) : {} };
}

function ratelimited(retryAfter: number): Reply {
  return { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': String(retryAfter) }, rateLimited: true };
}
