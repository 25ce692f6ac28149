/**
 * An error caused by user input (a bad genome, an unknown op id, a plugin that cannot load …).
 *
 * The CLI prints its message as one line and exits non-zero, without a stack trace; anything else
 * that escapes is a bug in reparam and is reported as such.
 */
export class ReparamError extends Error {
  override readonly name = 'ReparamError';
  /** @param message one sentence that says what is wrong and, where possible, what to do. */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** True when `err` is a {@link ReparamError} (also across duplicated module copies). */
export function isReparamError(err: unknown): err is ReparamError {
  return err instanceof Error && err.name === 'ReparamError';
}
