import type { Evaluator } from '../interfaces/Evaluator.js';
import type { Genome } from '../interfaces/Genome.js';
import { GenomeCodec } from './GenomeCodec.js';
import type { SearchRecord } from './SearchLoop.js';
import type { SearchSpace } from '../interfaces/Genome.js';

/** A second score of one of a search's best genomes, from an evaluator with another seed. */
export interface Recheck {
  readonly genome: Genome;
  readonly fitness: number;
}

/** The genome a search settles on once its best genomes are rechecked. */
export interface RecheckedPick {
  readonly genome: Genome;
  /** The mean of its search score and its recheck (its search score when nothing was rechecked). */
  readonly fitness: number;
  /** Its scores: the search's, then the recheck's. */
  readonly scores: readonly number[];
  /** Every recheck made, best-first by search score. */
  readonly rechecks: readonly Recheck[];
}

/** How {@link recheckTop} runs. */
export interface RecheckOptions {
  /** How many of the best genomes to score again (0: the best record is the pick). */
  readonly count: number;
  /** Scores genomes with another seed than the search's evaluator (made only when needed). */
  readonly evaluator: () => Evaluator;
  /** Rechecks made before (a resumed search); they are reused, not repeated. */
  readonly done?: readonly Recheck[];
  /** Called after each new recheck, with all so far (to save them). */
  onRecheck?(rechecks: readonly Recheck[]): void;
}

/**
 * The best `count` distinct genomes of a search (by fitness, the earliest among equals) scored once
 * more by another evaluator — for a standalone evaluator, one more training with another seed — and
 * the one with the best mean of its two scores. A single training of a deep network is noisy: the
 * best of many genomes by one score each is often a lucky run of an ordinary genome, which a second
 * run exposes, while a genome that is good every time keeps its score.
 */
export async function recheckTop(records: readonly SearchRecord[], space: SearchSpace, options: RecheckOptions): Promise<RecheckedPick | undefined> {
  const codec = new GenomeCodec(space);
  const ranked = [...records].sort((a, b) => b.fitness - a.fitness || a.index - b.index);
  const top: SearchRecord[] = [];
  for (const r of ranked) {
    if (top.length >= options.count) break;
    if (!top.some((t) => codec.key(t.genome) === codec.key(r.genome))) top.push(r);
  }
  if (ranked.length === 0) return undefined;
  if (top.length === 0) return { genome: ranked[0].genome, fitness: ranked[0].fitness, scores: [ranked[0].fitness], rechecks: [] };
  const known = new Map((options.done ?? []).map((c) => [codec.key(c.genome), c.fitness]));
  const rechecks: Recheck[] = [];
  let evaluator: Evaluator | undefined;
  try {
    for (const r of top) {
      const key = codec.key(r.genome);
      let fitness = known.get(key);
      if (fitness === undefined) {
        evaluator ??= options.evaluator();
        await evaluator.prepare?.();
        [fitness] = await evaluator.evaluate([r.genome]);
      }
      rechecks.push({ genome: r.genome, fitness });
      if (!known.has(key)) options.onRecheck?.(rechecks);
      known.set(key, fitness);
    }
  } finally {
    evaluator?.dispose();
  }
  // Best mean of the two scores; the better search score among equal means (the order of `top`).
  let best = 0;
  const mean = (i: number) => (top[i].fitness + rechecks[i].fitness) / 2;
  for (let i = 1; i < top.length; i++) if (mean(i) > mean(best)) best = i;
  return { genome: top[best].genome, fitness: mean(best), scores: [top[best].fitness, rechecks[best].fitness], rechecks };
}
