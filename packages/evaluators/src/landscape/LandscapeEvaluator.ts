import { type Evaluator, type EvaluatorOptions, type Genome, ReparamError } from '@reparam/core';
import { choiceOption } from '../evaluatorOption.js';
import type { Landscape } from './Landscape.js';
import { loadLandscape } from './loadLandscape.js';
import { TABLE_LOOKUPS } from './tabulatedLandscape.js';

/**
 * Scores genomes by looking them up in a {@link Landscape}: no data, no network, no training, so a
 * strategy can be run for thousands of evaluations against a landscape whose optimum is known. Each
 * evaluation is the landscape's score for the evaluator's seed (a search rechecks with seed + 1: another
 * noise draw, or a table's next seed).
 */
export class LandscapeEvaluator implements Evaluator {
  constructor(
    readonly landscape: Landscape,
    private readonly seed: number,
  ) {}

  /**
   * The evaluator of a search's options: `landscape` (required: a spec such as
   * `rugged:seed=1,k=2,noise=4.5`, or a landscape file) and `lookup` (tables: `seed`, the default, or `mean`).
   */
  static fromOptions(options: EvaluatorOptions): LandscapeEvaluator {
    const value = options.landscape;
    if (typeof value !== 'string' || value === '') {
      throw new ReparamError("evaluator 'landscape' needs a landscape: --landscape <spec or file>, e.g. --landscape rugged:seed=1,k=2,noise=4.5");
    }
    const landscape = loadLandscape(value, options.space, choiceOption(options, 'lookup', 'landscape', TABLE_LOOKUPS));
    if (landscape.space !== options.space) {
      // A search asks genomes of its backbone's space; a sub-space table could not answer them.
      throw new ReparamError(`landscape ${value} covers a sub-space of its own (${landscape.space.slots.map((s) => s.name).join(', ')}), not the backbone's slots: score strategies on it with reparam bench strategies --landscape ${value}`);
    }
    return new LandscapeEvaluator(landscape, options.seed);
  }

  async evaluate(genomes: readonly Genome[]): Promise<number[]> {
    return genomes.map((g) => this.landscape.score(g, this.seed));
  }

  dispose(): void {}
}
