import { fail, pass, type CheckResult } from './check.js';
import type { DoctorConfig } from './doctor-config.js';
import type { DoctorSocket } from './slack-clients.js';
import { describeSlackError } from './slack-error.js';

/** How long to wait for Slack's `hello` on a new Socket Mode connection. */
export const SOCKET_TIMEOUT_MS = 10_000;

/** Opens one Socket Mode connection (start resolves on `hello`) and closes it again. */
export async function checkSocket(config: DoctorConfig, socket: DoctorSocket, timeoutMs = SOCKET_TIMEOUT_MS): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([socket.start().then(() => 'open' as const), timeout]);
    if (outcome === 'timeout') {
      return fail(
        'socket',
        `no hello from Slack within ${timeoutMs / 1000} s`,
        'allow outgoing WebSocket (wss://) connections from this host, through the proxy if there is one',
      );
    }
    return pass('socket', 'a connection opened (hello received) and closed again');
  } catch (error) {
    const problem = describeSlackError(error);
    return fail(
      'socket',
      `the connection did not open: ${problem.summary}`,
      'turn Socket Mode on ("Socket Mode" page of the app) and check the app-level token; ' +
        `this host must reach ${config.apiUrl} and open wss:// connections`,
    );
  } finally {
    clearTimeout(timer);
    await socket.disconnect().catch(() => undefined);
  }
}
