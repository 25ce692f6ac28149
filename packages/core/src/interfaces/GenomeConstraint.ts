import type { Genome } from './Genome.js';

/**
 * A rule a genome must satisfy to be evaluated at all (e.g. at most N branches per slot, or a
 * training-FLOPs budget). Strategies never return from `ask` a genome their constraint rejects.
 */
export interface GenomeConstraint {
  /** One line for users, e.g. `at most 3 optional ops per slot`. */
  readonly description: string;
  /** `undefined` when the genome is allowed; otherwise why it is not. */
  check(genome: Genome): string | undefined;
}
