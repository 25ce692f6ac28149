import { type Evaluator, type Genome, GenomeCodec, type SearchSpace } from '@reparam/core';

/**
 * Remembers fitnesses of a deterministic evaluator, so strategies compared on one supernet do not
 * pay twice for a genome both propose. Each strategy still counts the evaluation against its budget.
 */
export class CachingEvaluator implements Evaluator {
  private readonly cache = new Map<string, number>();
  private readonly codec: GenomeCodec;

  constructor(
    private readonly inner: Evaluator,
    space: SearchSpace,
  ) {
    this.codec = new GenomeCodec(space);
  }

  prepare(): Promise<void> {
    return this.inner.prepare?.() ?? Promise.resolve();
  }

  async evaluate(genomes: readonly Genome[]): Promise<number[]> {
    const missing = genomes.filter((g) => !this.cache.has(this.codec.key(g)));
    if (missing.length > 0) {
      const scores = await this.inner.evaluate(missing);
      missing.forEach((g, i) => this.cache.set(this.codec.key(g), scores[i]));
    }
    return genomes.map((g) => this.cache.get(this.codec.key(g))!);
  }

  dispose(): void {
    this.inner.dispose();
  }
}
