import type { Genome, SearchSpace } from './Genome.js';
import type { GenomeConstraint } from './GenomeConstraint.js';

/**
 * A search strategy in ask/tell form (as Optuna's and Nevergrad's): the runner asks for genomes,
 * evaluates them, and tells their fitness back. Its whole state is JSON so a search can resume.
 */
export interface SearchStrategy {
  /** Proposes up to `n` genomes to evaluate next. */
  ask(n: number): Genome[];
  /** Reports the fitness (higher is better) of a genome returned by {@link SearchStrategy.ask}. */
  tell(genome: Genome, fitness: number): void;
  /** JSON-serialisable state, enough for {@link SearchStrategy.restore} to continue exactly. */
  state(): unknown;
  /** Continues from a {@link SearchStrategy.state}; throws a ReparamError on a malformed state. */
  restore(state: unknown): void;
}

/** Options every strategy understands; strategies may accept more. */
export interface SearchStrategyOptions {
  readonly seed: number;
  readonly population?: number;
  /** Genomes this rejects are never proposed (and so never evaluated). */
  readonly constraint?: GenomeConstraint;
  readonly [option: string]: unknown;
}

/** A registered strategy plugin. */
export interface SearchStrategyFactory {
  readonly id: string;
  readonly description: string;
  create(space: SearchSpace, options: SearchStrategyOptions): SearchStrategy;
}
