import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { execa } from 'execa';
import { root } from '../helpers/cli.js';

const script = join(root, 'deploy', 'install.sh');

/**
 * Runs `body` as root in a private mount namespace where /etc, /var and /usr/local are overlays on
 * throwaway directories and /srv is empty: install.sh can create its user and write its real paths,
 * and nothing outside the namespace sees any of it.
 */
async function inThrowawaySystem(body: string) {
  const base = mkdtempSync(join(tmpdir(), 'troupe-install-ns-'));
  const mounts = ['etc', 'var', 'usr/local'].map((dir) => {
    const upper = join(base, dir.replace('/', '-'), 'upper');
    const work = join(base, dir.replace('/', '-'), 'work');
    mkdirSync(upper, { recursive: true });
    mkdirSync(work, { recursive: true });
    return `mount -t overlay overlay -o lowerdir=/${dir},upperdir=${upper},workdir=${work} /${dir}`;
  });
  const script = ['set -euo pipefail', ...mounts, 'mount -t tmpfs tmpfs /srv', body].join('\n');
  try {
    return await execa('unshare', ['--mount', '--propagation', 'private', 'bash', '-c', script], { reject: false, input: '' });
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

async function namespacesWork(): Promise<boolean> {
  if (process.getuid?.() !== 0) return false;
  return (await execa('unshare', ['--mount', 'true'], { reject: false })).exitCode === 0;
}

test('install.sh as root on a real file system: creates the troupe user and gives it its paths, twice over', async (t) => {
  if (!(await namespacesWork())) {
    t.diagnostic('not root or no mount namespaces here: checking the script creates a system user with no login instead');
    assert.match(await execa('cat', [script]).then((r) => r.stdout), /useradd --system --user-group .*\n.*--shell \/usr\/sbin\/nologin/);
    return;
  }
  const run = await inThrowawaySystem(`
    SLACK_BOT_TOKEN=xoxb-ns-test SLACK_APP_TOKEN=xapp-ns-test bash ${script} >/dev/null
    bash ${script}
    echo "--- state"
    getent passwd troupe | cut -d: -f1,6,7
    stat -c '%U:%G %a %n' /etc/troupe /etc/troupe/agent.yaml /etc/troupe/troupe.env /etc/troupe/bot-token /etc/troupe/app-token /var/lib/troupe /srv/app /etc/systemd/system/troupe-agent.service
  `);
  assert.equal(run.exitCode, 0, run.stderr);
  const [second, state] = run.stdout.split('--- state\n');
  assert.match(second ?? '', /^user troupe: exists$/m, 'the second run finds the user the first created');
  assert.doesNotMatch(second ?? '', /created|written|installed$/m);
  assert.deepEqual(state?.trim().split('\n'), [
    'troupe:/var/lib/troupe:/usr/sbin/nologin',
    'root:troupe 750 /etc/troupe',
    'root:troupe 640 /etc/troupe/agent.yaml',
    'root:root 600 /etc/troupe/troupe.env',
    'troupe:troupe 600 /etc/troupe/bot-token',
    'troupe:troupe 600 /etc/troupe/app-token',
    'troupe:troupe 700 /var/lib/troupe',
    'troupe:troupe 755 /srv/app',
    'root:root 644 /etc/systemd/system/troupe-agent.service',
  ]);
});
