import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { execa } from 'execa';
import { RolloutFleet } from '../rollout/helpers/rollout-fleet.js';
import { root } from '../helpers/cli.js';

/*
 * The real binary, full screen in tmux, watching three self-updating agents roll out v2 on the
 * local Slack. tmux gives it a terminal of a known size; `capture-pane` reads the screen.
 */
const session = `troupe-dashboard-${process.pid}`;
const frames: string[] = [];
let fleet: RolloutFleet;
let capturing: ReturnType<typeof setInterval> | undefined;

async function screen(): Promise<string> {
  return (await execa('tmux', ['capture-pane', '-p', '-t', session], { reject: false })).stdout;
}

before(async () => {
  fleet = await RolloutFleet.start({ env: { BUILD_DELAY_MS: '2500' } });
  const env = { SLACK_BOT_TOKEN: fleet.slack.botToken, SLACK_API_URL: fleet.slack.apiUrl, TROUPE_CONFIG: '', NO_COLOR: '1', CI: 'false' };
  const command = `node bin/troupe.js dashboard --channel ${fleet.slack.channel} --share 1 --interval 1`;
  await execa('tmux', ['new-session', '-d', '-s', session, '-x', '140', '-y', '45', '-c', root, ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]), command]);
  capturing = setInterval(() => void screen().then((s) => frames.push(s)), 300);
});

after(async () => {
  clearInterval(capturing);
  await execa('tmux', ['kill-session', '-t', session], { reject: false });
  await fleet?.stop();
});

function rolloutLine(frame: string): string | undefined {
  return frame.split('\n').find((l) => /rolling (running|done|planned)/.test(l) || /^\d+\.\d+\s+done\s/.test(l));
}

test('troupe dashboard in tmux during a 3-agent rollout: the holder, the progress moving, the final state', async () => {
  await fleet.waitFor('the dashboard on screen', async () => /3 hosts/.test(await screen()), 60_000);
  const ts = await fleet.command('deploy rolling v2');
  await fleet.waitFor('three done records', () => fleet.kinds(ts).filter((k) => k === 'done').length === 3, 240_000);
  const v2 = fleet.origin.shas.v2.slice(0, 7);
  const hostLine = (frame: string, host: string) => frame.split('\n').find((l) => l.startsWith(`${host} `)) ?? '';
  const settled = (frame: string) =>
    /No pins/.test(frame) && /rolling done .*\] 3\/3/.test(rolloutLine(frame) ?? '') && ['web-1', 'web-2', 'web-3'].every((h) => / idle /.test(hostLine(frame, h)));
  // The dashboard reads the pins, the roster and the thread in turns within its budget, and the
  // agents edit their roster replies after they release: the screen settles a few reads later.
  const final = await fleet
    .waitFor('the final state on screen', async () => {
      const frame = await screen();
      return settled(frame) ? frame : undefined;
    }, 60_000)
    .catch((error: Error) => assert.fail(`${error.message.split('\n')[0]}; the screen:\n${frames.at(-1)}`));

  const holders = frames.flatMap((f) => f.split('\n').filter((l) => l.includes('rollout: deploy rolling v2')).flatMap((l) => /\b(web-\d)\b.*\b\d+s left\b/.exec(l)?.[1] ?? []));
  assert.ok(holders.length > 0, `no frame showed the lock's holder:\n${frames.at(-1)}`);
  const progress = new Set(frames.flatMap((f) => /\] ([0-3])\/3/.exec(rolloutLine(f) ?? '')?.[1] ?? []));
  assert.ok(progress.size >= 3, `the progress did not move: saw ${[...progress].join(', ')}`);

  assert.match(rolloutLine(final) ?? '', new RegExp(`${ts.replace('.', '\\.')}\\s+rolling done\\s+v2 ${v2}\\s+\\[########\\] 3/3`));
  for (const host of ['web-1', 'web-2', 'web-3']) {
    assert.match(hostLine(final, host), new RegExp(`${host}\\s+idle\\s+\\S+ ${v2}\\s+\\d+s\\s+socket\\s+done`));
  }
  assert.match(final, /No pins: nothing is locked\./);
});
