/**
 * An in-memory Slack channel that implements slackmq's ports, driven by `Sim`'s virtual time,
 * with seeded faults: 429s, 5xx before or after the call is applied, latency each way.
 * It throws the same error shapes as `@slack/web-api`. It records every applied call for the
 * invariant checks.
 */
import type { RandomPort, SlackPorts } from '../../../src/slackmq/index.js';
import type { Sim, SimProcess } from './sim.js';

export interface FaultRates {
  rateLimited: number;
  http5xxBefore: number;
  http5xxAfter: number;
  latencyMs: [number, number];
}

export interface Applied {
  at: number;
  client: string;
  method: string;
  ts?: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  ok: boolean;
  /** For `pins.remove`: when (virtual ms) the pin it removed was added. */
  pinAddedAt?: number;
}

interface Msg {
  ts: string;
  thread_ts?: string;
  text: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  edited?: { user: string; ts: string };
}

const EPOCH_S = 1_800_000_000;
const platform = (error: string) => Object.assign(new Error(error), { code: 'slack_webapi_platform_error', data: { ok: false, error } });

export class FakeSlack {
  readonly channel = 'C0FAKE0001';
  readonly messages = new Map<string, Msg>();
  readonly pins = new Map<string, { created: number; createdBy: string; addedAt: number }>();
  readonly log: Applied[] = [];
  private lastMicros = 0;

  constructor(
    private readonly sim: Sim,
    private readonly random: RandomPort,
    private readonly faults: FaultRates,
  ) {}

  /** Slack's clock: virtual time, as a fresh unique increasing ts. */
  nextTs(): string {
    const micros = Math.max(Math.floor((EPOCH_S * 1000 + this.sim.now) * 1000), this.lastMicros + 1);
    this.lastMicros = micros;
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  }

  post(text: string, thread_ts?: string, metadata?: Msg['metadata']): string {
    const ts = this.nextTs();
    this.messages.set(ts, { ts, text, thread_ts, metadata: metadata && structuredClone(metadata) });
    return ts;
  }

  private latency(): number {
    const [min, max] = this.faults.latencyMs;
    return min + this.random.next() * (max - min);
  }

  /** One call: request latency, maybe a fault, apply, maybe a lost answer, answer latency (frozen with the caller). */
  private async call<T>(proc: SimProcess, method: string, apply: () => T, extra: Partial<Applied> = {}): Promise<T> {
    if (this.sim.now < proc.cutUntil) {
      await this.sim.delay(this.latency(), proc);
      throw Object.assign(new Error('fetch failed'), { code: 'slack_webapi_request_error' });
    }
    await this.sim.delay(this.latency());
    const roll = this.random.next();
    const f = this.faults;
    if (roll < f.rateLimited) {
      await this.sim.delay(this.latency(), proc);
      throw Object.assign(new Error('rate limited'), { code: 'slack_webapi_rate_limited_error', retryAfter: 1 + Math.floor(this.random.next() * 3) });
    }
    if (roll < f.rateLimited + f.http5xxBefore) {
      await this.sim.delay(this.latency(), proc);
      throw Object.assign(new Error('500'), { code: 'slack_webapi_http_error', statusCode: 500, headers: {} });
    }
    let result: T;
    try {
      result = apply();
      const ts = extra.ts ?? (result as { ts?: string }).ts;
      this.log.push({ at: this.sim.now, client: proc.name, method, ok: true, ...extra, ts });
    } catch (error) {
      this.log.push({ at: this.sim.now, client: proc.name, method, ok: false, ...extra });
      await this.sim.delay(this.latency(), proc);
      throw error;
    }
    if (roll < f.rateLimited + f.http5xxBefore + f.http5xxAfter) {
      await this.sim.delay(this.latency(), proc);
      throw Object.assign(new Error('503'), { code: 'slack_webapi_http_error', statusCode: 503, headers: {} });
    }
    await this.sim.delay(this.latency(), proc);
    return structuredClone(result);
  }

  private render(m: Msg, parent: string): Record<string, unknown> {
    const out: Record<string, unknown> = { type: 'message', ts: m.ts, text: m.text, bot_id: 'B0FAKE', thread_ts: m.thread_ts ?? (m.ts === parent ? parent : undefined) };
    if (m.metadata) out.metadata = m.metadata;
    if (m.edited) out.edited = m.edited;
    if (this.pins.has(m.ts)) out.pinned_to = [this.channel];
    return out;
  }

  /** The ports for one process. */
  client(proc: SimProcess): SlackPorts {
    const c = (method: string, apply: () => unknown, extra?: Partial<Applied>) => this.call(proc, method, apply, extra) as Promise<never>;
    return {
      pins: {
        add: (a: { timestamp: string }) => c('pins.add', () => {
          if (this.pins.has(a.timestamp)) throw platform('already_pinned');
          this.pins.set(a.timestamp, { created: Math.floor(EPOCH_S + this.sim.now / 1000), createdBy: 'U0BOT', addedAt: this.sim.now });
          return { ok: true };
        }, { ts: a.timestamp }),
        remove: (a: { timestamp: string }) => {
          const logged: Partial<Applied> = { ts: a.timestamp };
          return c('pins.remove', () => {
            const pin = this.pins.get(a.timestamp);
            if (!pin) throw platform('no_pin');
            this.pins.delete(a.timestamp);
            logged.pinAddedAt = pin.addedAt;
            return { ok: true };
          }, logged);
        },
        list: () => c('pins.list', () => ({
          ok: true,
          items: [...this.pins].map(([ts, p]) => ({ type: 'message', created: p.created, created_by: p.createdBy, message: { ts } })),
        })),
      },
      chat: {
        postMessage: (a: { thread_ts?: string; text: string; metadata?: Msg['metadata'] }) => c('chat.postMessage', () => {
          const ts = this.post(a.text, a.thread_ts, a.metadata);
          return { ok: true, ts };
        }, { metadata: a.metadata }),
        update: (a: { ts: string; text: string; metadata?: Msg['metadata'] }) => c('chat.update', () => {
          const m = this.messages.get(a.ts);
          if (!m) throw platform('message_not_found');
          Object.assign(m, { text: a.text, metadata: structuredClone(a.metadata), edited: { user: 'U0BOT', ts: this.nextTs() } });
          return { ok: true, ts: a.ts };
        }, { ts: a.ts }),
      },
      conversations: {
        replies: (a: { ts: string }) => c('conversations.replies', () => {
          const thread = [...this.messages.values()].filter((m) => m.ts === a.ts || m.thread_ts === a.ts);
          return { ok: true, messages: thread.map((m) => this.render(m, a.ts)) };
        }),
      },
      reactions: {
        add: () => c('reactions.add', () => ({ ok: true })),
        remove: () => c('reactions.remove', () => ({ ok: true })),
      },
    } as unknown as SlackPorts;
  }
}
