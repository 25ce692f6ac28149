/**
 * A value an option refuses that can only be checked once plugins are loaded (a registry id such as
 * an aggregation mode, a tfjs backend): printed as one line, exit 2 like any other usage error.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Refuses `value` for `flag` unless it is one of `known`, listing them. */
export function requireChoice(flag: string, value: string, known: readonly string[]): void {
  if (!known.includes(value)) throw new UsageError(`${flag} must be one of ${known.join(', ')}; got '${value}'`);
}
