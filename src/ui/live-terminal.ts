/**
 * Whether the environment says "continuous integration" the way Ink reads it (`CI` or
 * `CONTINUOUS_INTEGRATION` set, and not `0` or `false`). Ink then draws only the last frame, on
 * exit, so a live view would stay blank.
 */
export function ciFlagged(env: Record<string, string | undefined>): boolean {
  return ['CI', 'CONTINUOUS_INTEGRATION'].some((key) => env[key] !== undefined && env[key] !== '0' && env[key] !== 'false');
}
