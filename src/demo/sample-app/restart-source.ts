/**
 * restart.js: the managed-service restart. Stops the process named in the pid file (SIGTERM,
 * then SIGKILL after 5 s), starts server.js detached with its output in the log file, and writes
 * the new pid. SAMPLE_PIDFILE and SAMPLE_LOG place those files (default: .run/ in the tree);
 * RESTART_DELAY_MS sleeps between stop and start; STEP_LOG gets "restart <version>".
 */
export function restartSource(version: string): string {
  return `import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const VERSION = '${version}';
const here = dirname(fileURLToPath(import.meta.url));
const pidFile = resolve(process.env.SAMPLE_PIDFILE ?? \`\${here}/.run/app.pid\`);
const logFile = resolve(process.env.SAMPLE_LOG ?? \`\${here}/.run/app.log\`);
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopOld() {
  let pid;
  try {
    pid = Number(readFileSync(pidFile, 'utf8'));
  } catch {
    return;
  }
  if (!pid || !alive(pid)) return;
  process.kill(pid, 'SIGTERM');
  for (let waited = 0; alive(pid) && waited < 5000; waited += 50) await sleep(50);
  if (alive(pid)) process.kill(pid, 'SIGKILL');
  while (alive(pid)) await sleep(20);
}

await stopOld();
const delay = Number(process.env.RESTART_DELAY_MS ?? 0);
if (delay > 0) await sleep(delay);
mkdirSync(dirname(pidFile), { recursive: true });
mkdirSync(dirname(logFile), { recursive: true });
const out = openSync(logFile, 'a');
const child = spawn(process.execPath, [\`\${here}/server.js\`], { detached: true, stdio: ['ignore', out, out], cwd: here });
writeFileSync(pidFile, String(child.pid));
child.unref();
if (process.env.STEP_LOG) appendFileSync(process.env.STEP_LOG, \`restart \${VERSION}\\n\`);
console.log(\`started \${VERSION} as pid \${child.pid}\`);
`;
}
