import type { Genome, SearchSpace } from './Genome.js';

/** Scores genomes; fitness is validation accuracy (higher is better), never test accuracy. */
export interface Evaluator {
  evaluate(genomes: readonly Genome[]): Promise<number[]>;
  /** Frees tensors the evaluator keeps (e.g. supernet weights). */
  dispose(): void;
}

/** Options every evaluator understands; evaluators may accept more. */
export interface EvaluatorOptions {
  readonly space: SearchSpace;
  readonly seed: number;
  readonly [option: string]: unknown;
}

/** A registered evaluator plugin (`standalone`, `supernet`, …). */
export interface EvaluatorFactory {
  readonly id: string;
  readonly description: string;
  create(options: EvaluatorOptions): Evaluator;
}
