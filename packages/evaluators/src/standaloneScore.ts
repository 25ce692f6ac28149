import { type Backbone, type Dataset, type Genome, type TrainConfig, type TrainEvent, Trainer } from '@reparam/core';

/** What one standalone training needs. */
export interface StandaloneTraining {
  readonly dataset: Dataset;
  /** Builds the backbone with `genome`, initial weights from `seed`. */
  buildNetwork(genome: Genome, seed: number): Backbone;
  /** The recipe; its `seed` also sets the initial weights. */
  readonly train: TrainConfig;
  readonly onTrainEvent?: (event: TrainEvent, phase: string) => void;
}

/**
 * Trains `genome` from scratch with `t.train` (weights and batch order from its seed) and returns its
 * validation accuracy after the last epoch — 0 when the training diverged, as bad as a genome can be.
 * What `reparam train --seed` reports as valAccuracy for the same settings.
 */
export async function standaloneScore(t: StandaloneTraining, genome: Genome): Promise<number> {
  const net = t.buildNetwork(genome, t.train.seed);
  const trainer = new Trainer(net, t.dataset, t.train);
  try {
    const outcome = await trainer.run({ onEvent: (e) => t.onTrainEvent?.(e, 'candidate') });
    return outcome.diverged ? 0 : (outcome.history.at(-1)?.valAccuracy ?? 0);
  } finally {
    trainer.dispose();
    net.dispose();
  }
}
