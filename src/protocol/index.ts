/** The channel protocol: command grammar, thread records and the pure reducers (DESIGN §3–§5). */
export * from './command.js';
export { parseCommand, parsePlainCommand } from './grammar.js';
export { helpText, type HelpScope } from './help-text.js';
export { slackToPlain } from './slack-text.js';
export { LIMITS, checkHost, checkRef } from './validate.js';
export * from './record-schemas.js';
export { recordText } from './record-text.js';
export * from './records.js';
export * from './rollout-state.js';
export { reduceRollout } from './reduce-rollout.js';
export * from './reduce-fleet.js';
export * from './rollout-action.js';
export { nextAction, DEFAULT_ACTION_OPTIONS, type ActionOptions } from './next-action.js';
export { planOrder } from './plan-order.js';
export { claimDue, claimOnRelease, threadBefore, type ClaimAction, type ClaimedTurn } from './claim-ahead.js';
