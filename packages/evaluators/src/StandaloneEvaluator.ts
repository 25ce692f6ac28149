import { type Evaluator, type EvaluatorOptions, type Genome, Trainer } from '@reparam/core';
import { positiveIntOption } from './evaluatorOption.js';
import { limitSplit } from './limitSplit.js';

/**
 * Scores each genome by training it from scratch for a short budget (`options.train`) and reading
 * its validation accuracy. Every candidate starts from the same seed and sees the same batches, so
 * scores differ only by genome. Expensive but free of weight-sharing bias.
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
    const scores: number[] = [];
    for (const genome of genomes) {
      const net = this.options.buildNetwork(genome, this.options.seed);
      const trainer = new Trainer(net, data, this.options.train);
      try {
        const outcome = await trainer.run({ onEvent: (e) => this.options.onTrainEvent?.(e, 'candidate') });
        // A candidate whose training diverged is as bad as a genome can be.
        scores.push(outcome.diverged ? 0 : (outcome.history.at(-1)?.valAccuracy ?? 0));
      } finally {
        trainer.dispose();
        net.dispose();
      }
    }
    return scores;
  }

  dispose(): void {}
}
