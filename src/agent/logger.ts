import { LogLevel, type Logger as SlackLogger } from '@slack/web-api';
import { redact } from '../util/redact.js';

/** The agent's log: plain lines on stderr (journald adds the time), every line redacted. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function createLogger(host: string, write: (line: string) => void = (line) => process.stderr.write(line)): Logger {
  const line = (level: string, message: string) =>
    write(`${new Date().toISOString()} ${host} ${level} ${redact(message)}\n`);
  return {
    info: (message) => line('info', message),
    warn: (message) => line('warn', message),
    error: (message) => line('error', message),
  };
}

/** The Slack SDKs' logger interface over ours: their warnings and errors only, redacted like ours. */
export function slackLogger(logger: Logger): SlackLogger {
  let level = LogLevel.WARN;
  const text = (parts: unknown[]) => parts.map((part) => (part instanceof Error ? part.message : String(part))).join(' ');
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: (...parts) => logger.warn(`slack: ${text(parts)}`),
    error: (...parts) => logger.error(`slack: ${text(parts)}`),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
