import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { execa } from 'execa';
import { RolloutFleet, root } from './helpers/rollout-fleet.js';

let fleet: RolloutFleet;
before(async () => {
  fleet = await RolloutFleet.start();
});
after(() => fleet?.stop());

/** `troupe deploy …` from a terminal (not a TTY: plain lines), as alice of the local Slack. */
function troupeDeploy(...args: string[]) {
  return execa(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'deploy', ...args, '--as', 'alice'], {
    cwd: root,
    reject: false,
    env: { SLACK_BOT_TOKEN: fleet.slack.botToken, SLACK_API_URL: fleet.slack.apiUrl, TROUPE_CHANNEL: fleet.slack.channel },
  });
}

/**
 * Logs when each host's `git fetch` reaches the origin (epoch ms): a wrapper of git-upload-pack,
 * which git runs for a fetch from a local path, writes one line a fetch.
 */
async function logFetches(): Promise<() => Promise<{ host: string; at: number }[]>> {
  const dir = await mkdtemp(join(tmpdir(), 'troupe-fetches-'));
  const log = join(dir, 'fetches.log');
  for (const name of fleet.hosts.keys()) {
    const wrapper = join(dir, `${name}.sh`);
    await writeFile(wrapper, `#!/bin/sh\necho "${name} $(date +%s%3N)" >> '${log}'\nexec git-upload-pack "$@"\n`, { mode: 0o755 });
    await execa('git', ['config', 'remote.origin.uploadpack', wrapper], { cwd: fleet.get(name).sample.repoDir });
  }
  return async () =>
    (await readFile(log, 'utf8').catch(() => ''))
      .split('\n')
      .filter(Boolean)
      .map((line) => ({ host: line.split(' ')[0] ?? '', at: Number(line.split(' ')[1]) }));
}

test('troupe deploy rolling v2 --wait: every host on v2, one at a time, the thread shows plan, claims and done, the lock is free', async () => {
  const fetches = await logFetches();
  const cli = await troupeDeploy('rolling', 'v2', '--wait', '--timeout', '240');
  assert.equal(cli.exitCode, 0, `${cli.stdout}\n${cli.stderr}\n${fleet.logs()}`);
  assert.match(cli.stdout, /done: 3 host\(s\) on/);
  assert.match(cli.stderr, /\[#{20}\] 3\/3 · done/);
  const ts = /posted `deploy rolling v2` \((\d+\.\d+)\)/.exec(cli.stderr)?.[1] ?? '';
  for (const name of fleet.hosts.keys()) {
    assert.equal(await fleet.head(name), fleet.origin.shas.v2, `${name} checkout`);
    assert.equal(await fleet.version(name), 'v2', `${name} service`);
  }
  // The last release follows the last `done` by a moment (each agent paces its posts).
  await fleet.waitFor('three releases', () => fleet.kinds(ts).filter((k) => k === 'release').length === 3);
  const kinds = fleet.kinds(ts);
  assert.equal(kinds[0], 'plan');
  assert.equal(kinds.filter((k) => k === 'claim').length, 3);
  assert.equal(kinds.filter((k) => k === 'release').length, 3);
  assert.equal(fleet.maxDown(), 1, 'never two hosts down at once (timeline)');
  const doneHosts = fleet.records(ts).filter((r) => r.kind === 'done').map((r) => r.payload.host);
  assert.deepEqual(doneHosts, ['web-1', 'web-2', 'web-3']);
  await fleet.waitFor('the pin removed', () => (fleet.messages().find((m) => m.ts === ts)?.pinned_to ?? []).length === 0);
  // The host next in line claims when it sees the pin go, without reading anything first (DESIGN
  // §5.2): between the turn ahead's unpin and its own claim it reads neither the thread nor the
  // roster. A host whose full read (every 15 s) fell in that moment reads first, so of the two
  // handoffs at least one goes without a read.
  const log = fleet.slack.callLog();
  const claims = fleet.replies(ts).filter((m) => m.metadata?.event_type === 'troupe_claim');
  const handoffs = ['web-2', 'web-3'].map((host, i) => {
    const ahead = ['web-1', 'web-2'][i];
    const claimAt = Number(claims.find((m) => m.metadata?.event_payload?.host === host)?.ts) * 1000;
    const unpin = log.filter((c) => c.client === ahead && c.method === 'pins.remove' && c.time < claimAt).at(-1);
    assert.ok(unpin, `${ahead} unpinned before ${host} claimed`);
    const reads = log.filter((c) => c.client === host && c.method === 'conversations.replies' && c.time > unpin.time && c.time < claimAt).length;
    return { host, ahead, unpin: unpin.time, claimAt, reads };
  });
  assert.ok(handoffs.some((h) => h.reads === 0), `reads between the unpin and the claim, per handoff: ${handoffs.map((h) => h.reads).join(', ')}`);
  // Such a host fetched while the turn ahead ran, so its preflight made no fetch between the pin's
  // removal and its claim.
  const fetched = await fetches();
  for (const h of handoffs.filter((h) => h.reads === 0)) {
    const aheadClaimAt = Number(claims.find((m) => m.metadata?.event_payload?.host === h.ahead)?.ts) * 1000;
    const own = fetched.filter((f) => f.host === h.host).map((f) => f.at);
    assert.ok(own.some((at) => at > aheadClaimAt && at < h.unpin), `${h.host} fetched during ${h.ahead}'s turn: ${JSON.stringify({ own, aheadClaimAt, unpin: h.unpin })}`);
    assert.deepEqual(own.filter((at) => at > h.unpin && at < h.claimAt), [], `${h.host} made no fetch between the unpin and its claim`);
  }
  // The first host in line fetched once before its claim: the host that plans (usually the first)
  // resolves the ref after a fetch that its own turn's preflight then relies on.
  const firstClaimAt = Number(claims.find((m) => m.metadata?.event_payload?.host === 'web-1')?.ts) * 1000;
  const firstFetches = fetched.filter((f) => f.host === 'web-1' && f.at > Number(ts) * 1000 && f.at < firstClaimAt);
  assert.equal(firstFetches.length, 1, `web-1's fetches between the command and its claim: ${JSON.stringify(firstFetches)}`);
  // Self-update: every agent reports the new sha in the roster.
  await fleet.waitFor('every roster entry on v2', () => [...fleet.hosts.keys()].every((h) => fleet.roster(h)?.sha === fleet.origin.shas.v2 && fleet.roster(h)?.state === 'idle'));
});

test('troupe deploy plan: a dry run with the sha and the commits per host; no lock, no change', async () => {
  const cli = await troupeDeploy('plan', 'v1', '--wait', '--timeout', '60');
  assert.equal(cli.exitCode, 0, cli.stdout + cli.stderr);
  assert.match(cli.stdout, new RegExp(`dry run.*\`v1\` → \`${fleet.origin.shas.v1}\``));
  assert.match(cli.stdout, /web-1: 0 commit\(s\) to apply, 1 to leave/);
  for (const name of fleet.hosts.keys()) assert.equal(await fleet.head(name), fleet.origin.shas.v2);
});

test('troupe deploy --wait exits 1 with the reason when the rollout is refused', async () => {
  const cli = await troupeDeploy('rolling', 'no-such-ref', '--wait', '--timeout', '60');
  assert.equal(cli.exitCode, 1);
  assert.match(cli.stdout, /refused: .*no-such-ref names no commit/);
});
