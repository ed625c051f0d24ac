import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Faults, LocalSlack } from './api.js';
import { avatarId, avatarSvg } from './avatar.js';
import { readBody } from './request-body.js';
import { ResponseUrls } from './response-urls.js';
import { SlackMethodError } from './slack-error.js';

type Body = Record<string, unknown>;

const methodList = z.array(z.string()).optional();
const faultsSchema = z.strictObject({
  latencyMs: z.number().min(0).optional(),
  errorBurst: z.strictObject({ count: z.number().int().min(0), kind: z.enum(['http5xx', 'ok_false']), methods: methodList }).optional(),
  rateLimitStorm: z.strictObject({ seconds: z.number().positive(), retryAfter: z.number().positive().optional(), methods: methodList }).optional(),
});

/** Faults from a request body; a wrong shape is a 400 that names the field. */
function parseFaults(body: Body): Faults {
  const result = faultsSchema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new TypeError(`faults: ${issue?.path.join('.') || '(body)'}: ${issue?.message ?? 'invalid'}. See the README's "Faults".`);
}
type Route = (body: Body) => Promise<Body> | Body;

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const optText = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function clientOf(body: Body): string {
  if (typeof body.client === 'string' && body.client.length > 0) return body.client;
  throw new TypeError('Name the client: {"client": "<its X-Troupe-Client name>"}.');
}

/** The control surface over HTTP, under `/_local/` (see the list at the end of api.ts). */
export function controlRoutes(slack: LocalSlack, info: () => Body): Map<string, Route> {
  return new Map<string, Route>([
    ['POST /_local/post', async (b) => slack.postAsUser({ user: text(b.user), text: text(b.text), channel: optText(b.channel), thread_ts: optText(b.thread_ts) })],
    ['POST /_local/react', async (b) => (await slack.reactAsUser({ user: text(b.user), name: text(b.name), timestamp: text(b.timestamp), channel: optText(b.channel) }), {})],
    ['POST /_local/pin', async (b) => (await slack.pinAsUser({ user: text(b.user), timestamp: text(b.timestamp), channel: optText(b.channel) }), {})],
    ['POST /_local/edit', async (b) => (await slack.editAsUser({ user: text(b.user), ts: text(b.ts), text: text(b.text), channel: optText(b.channel) }), {})],
    ['POST /_local/click', async (b) => ({ delivered: (await slack.clickAsUser?.({ user: text(b.user), ts: text(b.ts), action_id: text(b.action_id), channel: optText(b.channel) })) === true })],
    ['GET /_local/log', () => ({ calls: slack.callLog() })],
    ['POST /_local/faults', (b) => (slack.setFaults(parseFaults(b)), {})],
    ['POST /_local/faults/clear', () => (slack.clearFaults(), {})],
    ['POST /_local/drop-sockets', () => (slack.dropSockets(), {})],
    ['POST /_local/cut-off', (b) => (slack.cutOff(clientOf(b), typeof b.ms === 'number' ? b.ms : undefined), {})],
    ['POST /_local/restore', (b) => (slack.restore(clientOf(b)), {})],
    ['POST /_local/reset', () => (slack.reset(), {})],
    ['GET /_local/info', () => info()],
    ['GET /_local/snapshot', () => ({ messages: slack.snapshot() })],
  ]);
}

/** Runs one control route; bad input gets `{ ok: false, error }` with HTTP 400, never a crash. */
export interface DynamicRoutes {
  /** A seeded name for an avatar id. */
  name: (id: string) => string | undefined;
  /** Answers a button click's response_url. */
  respond: (id: string, body: Body) => Body;
}

function isJson(req: IncomingMessage): boolean {
  return /^application\/json\b/i.test(req.headers['content-type'] ?? '');
}

export async function serveControl(routes: Map<string, Route>, req: IncomingMessage, res: ServerResponse, path: string, dynamic: DynamicRoutes): Promise<void> {
  const avatar = avatarId(path);
  const name = avatar ? dynamic.name(avatar) : undefined;
  if (req.method === 'GET' && name) {
    res.writeHead(200, { 'content-type': 'image/svg+xml', 'cache-control': 'max-age=3600' });
    res.end(avatarSvg(name));
    return;
  }
  const responseId = ResponseUrls.idOf(path);
  const route: Route | undefined = responseId && req.method === 'POST' ? (body) => dynamic.respond(responseId, body) : routes.get(`${req.method ?? 'GET'} ${path}`);
  let status = 200;
  let body: Body;
  try {
    if (req.method === 'POST' && !isJson(req)) {
      // A web page on another origin can send a "simple" cross-site POST (text/plain or a form)
      // without asking first; it cannot send application/json without a preflight, which this
      // server never grants. So only JSON reaches the control surface.
      status = 415;
      body = { ok: false, error: 'unsupported_media_type', hint: 'send the body as JSON with Content-Type: application/json' };
    } else if (!route) {
      status = 404;
      body = { ok: false, error: 'unknown_control_path', hint: `${req.method} ${path} is not part of the control surface` };
    } else {
      const raw = await readBody(req);
      const parsed: unknown = raw.length > 0 ? JSON.parse(raw.toString('utf8')) : {};
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new SyntaxError('the body must be a JSON object');
      body = { ok: true, ...(await route(parsed as Body)) };
    }
  } catch (error) {
    status = 400;
    const code = error instanceof SlackMethodError ? error.slackError : error instanceof SyntaxError ? 'invalid_json' : 'invalid_arguments';
    body = { ok: false, error: code, ...(error instanceof Error && !(error instanceof SlackMethodError) ? { hint: error.message } : {}) };
  }
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
