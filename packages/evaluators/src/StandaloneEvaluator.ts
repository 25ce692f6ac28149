import { type Evaluator, type EvaluatorOptions, type Genome, Trainer } from '@reparam/core';

/**
 * Scores each genome by training it from scratch for a short budget (`options.train`) and reading
 * its final validation accuracy. Every candidate starts from the same seed and sees the same batches,
 * so scores differ only by genome. Expensive but free of weight-sharing bias.
 */
export class StandaloneEvaluator implements Evaluator {
  constructor(private readonly options: EvaluatorOptions) {}

  async evaluate(genomes: readonly Genome[]): Promise<number[]> {
    const scores: number[] = [];
    for (const genome of genomes) {
      const net = this.options.buildNetwork(genome, this.options.seed);
      const trainer = new Trainer(net, this.options.dataset, this.options.train);
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
