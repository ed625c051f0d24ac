import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * `npm run bench -- <name> [--json] [options]` runs `bench/<name>.ts`. Each benchmark module
 * exports `run(args: string[]): Promise<void>` and prints its numbers (one JSON document with --json).
 */
const here = fileURLToPath(new URL('.', import.meta.url));

async function names(): Promise<string[]> {
  const files = await readdir(here);
  return files.filter((f) => f.endsWith('.ts') && f !== 'run.ts').map((f) => f.slice(0, -3)).sort();
}

const [name, ...rest] = process.argv.slice(2);
const available = await names();
if (!name || !available.includes(name)) {
  process.stderr.write(`${name ? `No benchmark named "${name}". ` : ''}Usage: npm run bench -- <name> [--json]\nBenchmarks: ${available.join(', ')}\n`);
  process.exitCode = 2;
} else {
  const module = (await import(pathToFileURL(`${here}${name}.ts`).href)) as { run?: (args: string[]) => Promise<void> };
  if (typeof module.run !== 'function') {
    process.stderr.write(`bench/${name}.ts exports no run(args) function.\n`);
    process.exitCode = 2;
  } else {
    await module.run(rest);
  }
}
