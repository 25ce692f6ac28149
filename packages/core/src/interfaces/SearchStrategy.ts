import type { DependencyContainer } from 'tsyringe';
import type { Genome, SearchSpace } from './Genome.js';
import type { GenomeConstraint } from './GenomeConstraint.js';

/**
 * What a search has told a strategy, and what it asked and has not told yet, in order. The search
 * keeps this (search-state.json's records and pending genomes) as the one copy of the history;
 * a strategy's own state leaves it out and gets it back on {@link SearchStrategy.restore}.
 */
export interface SearchHistory {
  readonly told: readonly { readonly genome: Genome; readonly fitness: number }[];
  readonly pending: readonly Genome[];
}

/**
 * A search strategy in ask/tell form (as Optuna's and Nevergrad's): the runner asks for genomes,
 * evaluates them, and tells their fitness back. Its state is JSON so a search can resume.
 */
export interface SearchStrategy {
  /** Proposes up to `n` genomes to evaluate next. */
  ask(n: number): Genome[];
  /** Reports the fitness (higher is better) of a genome returned by {@link SearchStrategy.ask}. */
  tell(genome: Genome, fitness: number): void;
  /**
   * JSON-serialisable state which, with the {@link SearchHistory}, is enough for
   * {@link SearchStrategy.restore} to continue exactly. It leaves the history out (the search keeps it).
   */
  state(): unknown;
  /**
   * Continues from a {@link SearchStrategy.state} and the search's history; throws a ReparamError
   * when either is malformed or they disagree.
   */
  restore(state: unknown, history: SearchHistory): void;
}

/** Options every strategy understands; strategies may accept more. */
export interface SearchStrategyOptions {
  readonly seed: number;
  readonly population?: number;
  /** Genomes this rejects are never proposed (and so never evaluated). */
  readonly constraint?: GenomeConstraint;
  /** The run's services (see `SERVICE_TOKENS`), when inside a run. */
  readonly services?: DependencyContainer;
  readonly [option: string]: unknown;
}

/** A registered strategy plugin. */
export interface SearchStrategyFactory {
  readonly id: string;
  readonly description: string;
  create(space: SearchSpace, options: SearchStrategyOptions): SearchStrategy;
}
