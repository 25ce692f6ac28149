import type { Evaluator, EvaluatorOptions, Genome } from '@reparam/core';
import { standaloneScore } from './standaloneScore.js';
import { positiveIntOption } from './evaluatorOption.js';
import { limitSplit } from './limitSplit.js';

/**
 * Offset between the search's seed and the seed candidates train with. A search retrains its pick
 * with the search's seed; were the candidate's training the same run, the pick — the best of many
 * runs by validation accuracy — would be retrained into the very run that won, and compared with
 * baselines that each had one run (a selection gain that does not carry to another seed).
 */
export const CANDIDATE_SEED_OFFSET = 7919;

/**
 * Scores each genome by training it from scratch for a short budget (`options.train`) and reading
 * its validation accuracy. Every candidate starts from the same seed (the search's plus
 * {@link CANDIDATE_SEED_OFFSET}) and sees the same batches, so scores differ only by genome.
 * Expensive but free of weight-sharing bias.
 *
 * Options: `trainImages` (training images per epoch, a fresh seeded sample each epoch; default: the
 * whole training split) sets the budget below an epoch; `validationImages` (default: the whole
 * split) scores on the first n validation images only.
 */
export class StandaloneEvaluator implements Evaluator {
  private readonly trainImages: number | undefined;
  private readonly validationImages: number | undefined;

  constructor(private readonly options: EvaluatorOptions) {
    this.trainImages = positiveIntOption(options, 'trainImages', 'standalone');
    this.validationImages = positiveIntOption(options, 'validationImages', 'standalone');
  }

  async evaluate(genomes: readonly Genome[]): Promise<number[]> {
    const { dataset } = this.options;
    const data = { ...dataset, train: limitSplit(dataset.train, this.trainImages), validation: limitSplit(dataset.validation, this.validationImages) };
    const seed = this.options.seed + CANDIDATE_SEED_OFFSET;
    const training = { dataset: data, buildNetwork: this.options.buildNetwork, train: { ...this.options.train, seed }, onTrainEvent: this.options.onTrainEvent };
    const scores: number[] = [];
    for (const genome of genomes) scores.push(await standaloneScore(training, genome));
    return scores;
  }

  dispose(): void {}
}
