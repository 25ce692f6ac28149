import type { DependencyContainer } from 'tsyringe';
import type { TrainConfig, TrainEvent } from '../train/TrainEvent.js';
import type { Backbone } from './Backbone.js';
import type { Dataset } from './Dataset.js';
import type { Genome, SearchSpace } from './Genome.js';

/** Scores genomes; fitness is validation accuracy (higher is better), never test accuracy. */
export interface Evaluator {
  /**
   * True when `evaluate` scores the genomes it is given in parallel (on a work queue's workers): the
   * search loop then hands it a whole generation at once and tells the strategy the results in ask
   * order, so the search reaches the same genomes as with one-at-a-time evaluation.
   */
  readonly concurrent?: boolean;
  /**
   * One-off work before the first evaluation (a supernet trains here). Resumable: state kept in
   * {@link EvaluatorOptions.stateDir} is reused rather than recomputed.
   */
  prepare?(): Promise<void>;
  /**
   * Fitness of each genome. Deterministic for a given evaluator state, so a resumed search scores a
   * genome exactly as an uninterrupted one would.
   */
  evaluate(genomes: readonly Genome[]): Promise<number[]>;
  /** Frees tensors the evaluator keeps (e.g. supernet weights). */
  dispose(): void;
}

/** What every evaluator is given; evaluators may accept more options. */
export interface EvaluatorOptions {
  readonly space: SearchSpace;
  readonly seed: number;
  /** Train and validation splits are used; the test split must not be. */
  readonly dataset: Dataset;
  /** Builds the search's backbone with `genome` (every slot listed), initial weights from `seed`. */
  buildNetwork(genome: Genome, seed: number): Backbone;
  /** Training settings: per candidate (standalone) or for the shared network (supernet). */
  readonly train: TrainConfig;
  /** A folder the evaluator may keep state in (supernet weights) so that `--resume` reuses it. */
  readonly stateDir?: string;
  /** Training progress of whatever the evaluator trains. */
  readonly onTrainEvent?: (event: TrainEvent, phase: string) => void;
  /** The run's services (see `SERVICE_TOKENS`: registry, run, log, backend, clock), when inside a run. */
  readonly services?: DependencyContainer;
  readonly [option: string]: unknown;
}

/** A registered evaluator plugin (`standalone`, `supernet`, …). */
export interface EvaluatorFactory {
  readonly id: string;
  readonly description: string;
  /**
   * True when a genome's score depends only on the genome and the search's frozen setting (no state
   * shared between evaluations, unlike a supernet), so evaluations may run on other machines.
   */
  readonly distributable?: boolean;
  /**
   * True when scores come from a model of the fitness (a landscape), not from training networks on
   * the search's data: a search with it builds no network and retrains nothing (its results.json has
   * no test accuracies); the dataset is read only for the backbone's search space.
   */
  readonly synthetic?: boolean;
  create(options: EvaluatorOptions): Evaluator;
}
