/**
 * The one base class for troupe's own errors. Each subclass carries a literal `code`;
 * callers branch with `instanceof`, never on message text. `cause` is preserved.
 */
export class TroupeError extends Error {
  readonly code: string = 'troupe_error';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad input from a person: a flag, a config key, an argument. Exit code `usage`. */
export class UsageError extends TroupeError {
  override readonly code = 'usage';
}
