import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** The page's files and their content types; nothing else is ever read from disk. */
const ASSETS: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'dom.js': 'text/javascript; charset=utf-8',
  'mrkdwn.js': 'text/javascript; charset=utf-8',
  'message-view.js': 'text/javascript; charset=utf-8',
  'thread-panel.js': 'text/javascript; charset=utf-8',
};

/**
 * Where the plain HTML/CSS/JS files are. They are not compiled: from the sources they sit next to
 * this module; from the build (dist/emulator/web/) they are read from the package's src/.
 */
function assetsDir(): string {
  const beside = fileURLToPath(new URL('./assets/', import.meta.url));
  if (existsSync(beside)) return beside;
  return fileURLToPath(new URL('../../../src/emulator/web/assets/', import.meta.url));
}

export interface Asset {
  body: Buffer;
  contentType: string;
}

/** Reads one of the page's files by name; undefined for anything not in the list. */
export async function readAsset(name: string, cache: Map<string, Asset>): Promise<Asset | undefined> {
  const contentType = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
  if (!contentType) return undefined;
  const cached = cache.get(name);
  if (cached) return cached;
  const body = await readFile(`${assetsDir()}${name}`).catch(() => undefined);
  if (!body) return undefined;
  const asset = { body, contentType };
  cache.set(name, asset);
  return asset;
}
