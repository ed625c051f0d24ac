/**
 * build.js: writes build/stamp.json (what /version reports as `built`). Knobs for tests:
 * BUILD_DELAY_MS (sleep first), BUILD_FAIL_VERSION (fail when building that version),
 * STEP_LOG (append "build <version>" once the build finished).
 */
export function buildSource(version: string): string {
  return `import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';

const VERSION = '${version}';
const delay = Number(process.env.BUILD_DELAY_MS ?? 0);
if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
if (process.env.BUILD_FAIL_VERSION === VERSION) {
  console.error(\`build of \${VERSION} failed: compiler error in server.js line 1\`);
  process.exit(1);
}
mkdirSync(new URL('./build/', import.meta.url), { recursive: true });
writeFileSync(new URL('./build/stamp.json', import.meta.url), JSON.stringify({ version: VERSION, builtAt: Date.now() }));
if (process.env.STEP_LOG) appendFileSync(process.env.STEP_LOG, \`build \${VERSION}\\n\`);
console.log(\`built \${VERSION}\`);
`;
}
