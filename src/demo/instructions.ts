/** What the demo prints once the fleet is up: where the channel is and what to type there. */
export function demoInstructions(pageUrl: string, hosts: string[], config: string): string[] {
  return [
    '',
    `The fleet is up: ${hosts.join(', ')}, each on v1 of the sample service.`,
    `Open the channel: ${pageUrl}`,
    'Post as alice (the operator):',
    '  deploy canary v2     one host updates to v2, proves healthy, soaks, and waits (its pin is the lock)',
    '  deploy promote       the other hosts follow, one at a time, to the same commit',
    '  deploy canary v3     v3 fails its health check: the canary reverts itself and the rollout halts',
    '  run uptime on all    every host runs a named command and replies in the thread',
    '  status, hosts, help',
    'Post as mallory (not an operator): every command is refused, with the reason.',
    `In another terminal: troupe status --config ${config}  ·  troupe doctor --config ${config}`,
    'Ctrl-C stops everything (agents, services, the local Slack) and leaves no pin behind.',
    '',
  ];
}
