import { LogLevel, WebClient } from '@slack/web-api';
import { execa } from 'execa';
import { simpleGit } from 'simple-git';
import { BenchFleet, type BenchHost } from './bench-fleet.js';
import { rolloutMetrics, type LockRecord } from './rollout-metrics.js';
import { rolloutBound, type RunResult } from './troupe-rollout.js';

/** How often a herd host looks (troupe's fast poll, 2 s, so the two are compared at the same pace). */
const LOOK_MS = 2000;

interface HerdSite {
  web: WebClient;
  channel: string;
  ts: string;
  sha: string;
  /** Claims and releases as the hosts saw them (the herd posts nothing to the thread). */
  timeline: LockRecord[];
}

/**
 * One host the way slackmq/Troupe did it: whenever it looks, it races `pins.add` on the command
 * message; any error (already pinned, rate limited, anything) reads as "taken, try later"; the
 * winner updates (fetch, checkout, the same no-op build) and unpins. No order, no log that decides,
 * nothing posted: claim and release times are noted in memory.
 */
async function herdHost(host: BenchHost, site: HerdSite, until: number): Promise<void> {
  const git = simpleGit({ baseDir: host.repoDir });
  while (Date.now() < until) {
    const won = await site.web.pins.add({ channel: site.channel, timestamp: site.ts }).then(() => true, () => false);
    if (won) {
      site.timeline.push({ kind: 'claim', ts: Date.now() / 1000, host: host.name });
      await git.raw(['fetch', '--quiet', 'origin']);
      await git.raw(['checkout', '--quiet', '--force', '--detach', site.sha]);
      await execa('true');
      while (Date.now() < until && !(await site.web.pins.remove({ channel: site.channel, timestamp: site.ts }).then(() => true, () => false))) {
        await new Promise((resolve) => setTimeout(resolve, LOOK_MS));
      }
      site.timeline.push({ kind: 'release', ts: Date.now() / 1000, host: host.name });
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, LOOK_MS * (0.5 + Math.random())));
  }
}

/** The same fleet (working trees at v1, the local Slack with Slack's tiers) updated by the herd. */
export async function herdRollout(hosts: number, fetchDelayMs = 0): Promise<RunResult> {
  const fleet = await BenchFleet.create({ hosts, fetchDelayMs });
  try {
    const startMs = Date.now();
    const { ts } = await fleet.slack.postAsUser({ user: 'alice', text: 'deploy rolling v2' });
    const timeline: LockRecord[] = [];
    const site = { channel: fleet.slack.channel, ts, sha: fleet.origin.shas.v2, timeline };
    const until = startMs + rolloutBound(hosts) * 1000;
    await Promise.all(fleet.hosts.map((host) => {
      const web = new WebClient(fleet.slack.botToken, {
        slackApiUrl: fleet.slack.apiUrl, headers: { 'X-Troupe-Client': host.name }, logLevel: LogLevel.ERROR,
        retryConfig: { retries: 0 }, rejectRateLimitedCalls: true,
      });
      return herdHost(host, { ...site, web }, until);
    }));
    const lock = timeline.sort((a, b) => a.ts - b.ts);
    const releases = lock.filter((r) => r.kind === 'release');
    const outcome = releases.length >= hosts ? 'done' : 'timed out';
    const endMs = Math.round((releases.at(-1)?.ts ?? Date.now() / 1000) * 1000);
    const metrics = rolloutMetrics({ hosts, startMs, endMs, records: lock, calls: fleet.slack.callLog(), clients: fleet.hosts.map((h) => h.name) });
    return { mode: 'herd', outcome, ...metrics };
  } finally {
    await fleet.stop();
  }
}
