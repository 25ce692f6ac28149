import { z } from 'zod';
import { ReparamError } from '../errors.js';
import type { GenomeConstraint } from '../interfaces/GenomeConstraint.js';
import type { SearchStrategyOptions } from '../interfaces/SearchStrategy.js';

/**
 * zod, as core uses it: strategy plugins describe their state and options with it and depend on
 * `@reparam/core` alone (the same zod instance that {@link parseStrategyState} runs). See zod's
 * own documentation; it is hidden here so the API docs do not repeat all of it.
 *
 * @hidden
 */
export { z };

/** The options of {@link SearchStrategyOptions} every strategy accepts; spread into a strategy's own schema. */
export const STRATEGY_OPTION_SHAPE = {
  seed: z.number().int(),
  population: z.number().int().positive().optional(),
  constraint: z
    .custom<GenomeConstraint>((v) => typeof v === 'object' && v !== null && typeof (v as GenomeConstraint).check === 'function', {
      message: 'expected a GenomeConstraint (an object with check(genome))',
    })
    .optional(),
  /** The run's services (a tsyringe container), when inside a run. */
  services: z.custom<object>((v) => typeof v === 'object' && v !== null).optional(),
};

/** The ReparamError every strategy throws for a state it cannot restore. */
export function malformedState(id: string, problem: string): ReparamError {
  return new ReparamError(`malformed ${id} state: ${problem}`);
}

/**
 * Validates a strategy state (e.g. parsed from a checkpoint) against `schema`; on failure throws
 * `malformed <id> state: at '<path>': <problem>` as a {@link ReparamError}.
 */
export function parseStrategyState<T>(id: string, schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw malformedState(id, describeIssue(parsed.error));
  return parsed.data;
}

/**
 * Validates the options given to a strategy's `create` against `schema` (build it with
 * `z.strictObject({ ...STRATEGY_OPTION_SHAPE, ... })` so a misspelt option is an error, not ignored).
 */
export function parseStrategyOptions<T>(id: string, schema: z.ZodType<T>, options: SearchStrategyOptions): T {
  const parsed = schema.safeParse(options);
  if (!parsed.success) throw new ReparamError(`invalid ${id} options: ${describeIssue(parsed.error)}`);
  return parsed.data;
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue.path.length ? `at '${issue.path.map(String).join('.')}': ` : '';
  return `${where}${issue.message}`;
}
