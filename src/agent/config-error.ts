import { TroupeError } from '../errors.js';

/** A configuration file or environment the agent cannot start with. The message names the file and key. */
export class ConfigError extends TroupeError {
  override readonly code = 'config';
}
