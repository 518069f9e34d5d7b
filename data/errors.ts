// Typed errors: a UserError is bad input, bad config or a locked file (exit 2, one line); anything else is a bug (exit 1).

export class UserError extends Error {
  override name = 'UserError'
}

/** The warehouse file is held by another process (another CLI write command or the server). */
export class LockedError extends UserError {
  override name = 'LockedError'
}

/** A configuration file that does not match the schema; `issues` names every bad field by path. */
export class ConfigError extends UserError {
  override name = 'ConfigError'
  constructor(
    message: string,
    readonly issues: string[] = [],
  ) {
    super(message)
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError
}
