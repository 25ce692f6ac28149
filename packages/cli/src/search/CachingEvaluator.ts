import type { Evaluator, Genome } from '@reparam/core';

/** A genome's cache key: slot names and op ids in sorted order. */
function genomeKey(genome: Genome): string {
  return JSON.stringify(Object.keys(genome).sort().map((slot) => [slot, [...genome[slot]].sort()]));
}

/**
 * Remembers fitnesses of a deterministic evaluator, so strategies compared on one supernet do not
 * pay twice for a genome both propose. Each strategy still counts the evaluation against its budget.
 */
export class CachingEvaluator implements Evaluator {
  private readonly cache = new Map<string, number>();

  constructor(private readonly inner: Evaluator) {}

  prepare(): Promise<void> {
    return this.inner.prepare?.() ?? Promise.resolve();
  }

  async evaluate(genomes: readonly Genome[]): Promise<number[]> {
    const missing = genomes.filter((g) => !this.cache.has(genomeKey(g)));
    if (missing.length > 0) {
      const scores = await this.inner.evaluate(missing);
      missing.forEach((g, i) => this.cache.set(genomeKey(g), scores[i]));
    }
    return genomes.map((g) => this.cache.get(genomeKey(g))!);
  }

  dispose(): void {
    this.inner.dispose();
  }
}
