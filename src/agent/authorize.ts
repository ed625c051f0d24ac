/** Who may command the fleet, decided from data only. */
export interface AuthorizationInput {
  user: string | undefined;
  channel: string;
  /** The configured channel. */
  fleetChannel: string;
  /** Configured user ids (U…/W…). */
  operators: readonly string[];
  /** Whether `user` belongs to one of the configured user groups (resolved by the caller). */
  inOperatorGroup: boolean;
}

export type Authorization = { allowed: true } | { allowed: false; reason: string };

/** Only operators (by user id or user group), only in the fleet's channel; deny by default. */
export function authorize(input: AuthorizationInput): Authorization {
  if (input.channel !== input.fleetChannel) {
    return { allowed: false, reason: 'commands are taken only in the fleet channel' };
  }
  if (!input.user) return { allowed: false, reason: 'the message has no author' };
  if (input.operators.includes(input.user) || input.inOperatorGroup) return { allowed: true };
  return {
    allowed: false,
    reason: `not an operator of this fleet; an operator can add the user id ${input.user} to \`operators\` in the agent configuration`,
  };
}
