/**
 * The environment of the demo's agents: the demo's own, without anything that would point them
 * at another Slack or another configuration (a person's real tokens stay out of the demo).
 */
export function demoChildEnv(base: NodeJS.ProcessEnv, extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) {
    if (value === undefined || /^SLACK_/.test(key) || key === 'TROUPE_CONFIG') continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}
