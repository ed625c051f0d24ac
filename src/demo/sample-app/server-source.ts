/** What each tagged version of the sample service does at start and on GET /health. */
export interface VersionBehaviour {
  readonly version: string;
  /** v3: /health answers 500. */
  readonly healthy: boolean;
  /** v4: throws before listening (a process that crashes at start-up). */
  readonly crashesAtStart: boolean;
}

/** server.js: a small HTTP service (PORT from the environment, GET /health, GET /version). */
export function serverSource(behaviour: VersionBehaviour): string {
  const crash = behaviour.crashesAtStart
    ? `throw new Error('${behaviour.version} cannot start: the configuration it needs is missing');\n`
    : '';
  return `import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';

const VERSION = '${behaviour.version}';
const HEALTHY = ${behaviour.healthy};
${crash}
function readStamp() {
  try {
    return JSON.parse(readFileSync(new URL('./build/stamp.json', import.meta.url), 'utf8'));
  } catch {
    return { version: null };
  }
}

const stamp = readStamp();
const port = Number(process.env.PORT ?? 8080);
const server = createServer((request, response) => {
  if (request.url === '/health') {
    response.writeHead(HEALTHY ? 200 : 500, { 'content-type': 'text/plain' });
    response.end(HEALTHY ? 'ok\\n' : 'unhealthy: cannot reach the database\\n');
    return;
  }
  if (request.url === '/version') {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ version: VERSION, built: stamp.version, pid: process.pid }));
    return;
  }
  response.writeHead(404).end();
});
server.listen(port, '127.0.0.1', () => console.log(\`sample app \${VERSION} listening on \${port}\`));
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
`;
}
