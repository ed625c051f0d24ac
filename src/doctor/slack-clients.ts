import { SocketModeClient } from '@slack/socket-mode';
import { LogLevel, WebClient, type Logger } from '@slack/web-api';

/** The Web API methods the doctor calls: a narrow port that a test can also fake. */
export interface DoctorWeb {
  auth: Pick<WebClient['auth'], 'test'>;
  conversations: Pick<WebClient['conversations'], 'info'>;
  apps: { connections: Pick<WebClient['apps']['connections'], 'open'> };
}

/** Opens one Socket Mode connection and closes it. */
export interface DoctorSocket {
  start(): Promise<unknown>;
  disconnect(): Promise<void>;
}

export interface DoctorSlack {
  web(token: string): DoctorWeb;
  socket(appToken: string): DoctorSocket;
}

/** The clients' own logs would interleave with the report; the doctor reports their errors itself. */
const silent: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

/** A check should answer in seconds: one quick retry, not the clients' half-hour default. */
const retryConfig = { retries: 1, factor: 1, minTimeout: 300, maxTimeout: 1000 };

/** The official clients, pointed at `apiUrl` (Slack, or a local Slack), named `client` in its logs. */
export function createDoctorSlack(apiUrl: string, client: string): DoctorSlack {
  // A fresh headers object per client: WebClient writes its token's Authorization into the one it
  // is given, so a shared object would send the first client's token for every later client.
  // SocketModeClient puts the app token in `headers` and lets clientOptions.headers replace them
  // whole, so its headers must carry the token themselves.
  const clientOptions = (headers: Record<string, string>) => ({
    slackApiUrl: apiUrl,
    retryConfig,
    timeout: 10_000,
    logger: silent,
    headers: { 'X-Troupe-Client': client, ...headers },
  });
  return {
    web: (token) => new WebClient(token, clientOptions({})),
    socket: (appToken) =>
      new SocketModeClient({
        appToken,
        logger: silent,
        autoReconnectEnabled: false,
        clientOptions: clientOptions({ Authorization: `Bearer ${appToken}` }),
      }),
  };
}
