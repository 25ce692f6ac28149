import type { Genome, SearchHistory, SearchSpace, SearchStrategy } from '@reparam/core';

/** 6 slots × 4 ops: 2^24 genomes. */
export const SPACE: SearchSpace = {
  slots: Array.from({ length: 6 }, (_, i) => ({ name: `stage${i}.conv`, options: ['a', 'b', 'c', 'd'] })),
};

/** A small space (2 slots × 2 ops = 16 genomes) to exhaust. */
export const TINY: SearchSpace = {
  slots: [
    { name: 'x', options: ['a', 'b'] },
    { name: 'y', options: ['a', 'b'] },
    { name: 'z', options: [] },
  ],
};

/** A fixed hidden target genome of {@link SPACE}. */
export const TARGET: Genome = {
  'stage0.conv': ['a', 'c'],
  'stage1.conv': ['b'],
  'stage2.conv': ['a', 'b', 'd'],
  'stage3.conv': [],
  'stage4.conv': ['c', 'd'],
  'stage5.conv': ['a', 'b', 'c', 'd'],
};

/** Fraction of slot-ops on which `genome` agrees with `target`. */
export function matchFraction(target: Genome, space: SearchSpace) {
  return (genome: Genome): number => {
    let same = 0;
    let total = 0;
    for (const slot of space.slots) {
      for (const op of slot.options) {
        total++;
        if ((genome[slot.name] ?? []).includes(op) === (target[slot.name] ?? []).includes(op)) same++;
      }
    }
    return same / total;
  };
}

/** Asks `chunk` at a time and tells each genome its fitness until `budget` were told; returns every fitness. */
export function drive(strategy: SearchStrategy, budget: number, chunk: number, fitness: (g: Genome) => number): number[] {
  const told: number[] = [];
  while (told.length < budget) {
    const genomes = strategy.ask(Math.min(chunk, budget - told.length));
    if (genomes.length === 0) break;
    for (const g of genomes) {
      const f = fitness(g);
      strategy.tell(g, f);
      told.push(f);
    }
  }
  return told;
}

/** Key of a genome for set membership. */
export function keyOf(genome: Genome): string {
  return JSON.stringify(Object.keys(genome).sort().map((k) => [k, genome[k]]));
}

/**
 * Wraps a strategy so the history a search keeps of it (told genomes with fitness, asked and untold
 * ones) is kept beside it, as runSearch keeps it in search-state.json.
 */
export function recorded(strategy: SearchStrategy): { strategy: SearchStrategy; history: () => SearchHistory } {
  const told: { genome: Genome; fitness: number }[] = [];
  let pending: Genome[] = [];
  return {
    strategy: {
      ask: (n) => {
        const gs = strategy.ask(n);
        pending.push(...gs);
        return gs;
      },
      tell: (genome, fitness) => {
        strategy.tell(genome, fitness);
        told.push({ genome, fitness });
        pending = pending.filter((p) => keyOf(p) !== keyOf(genome));
      },
      state: () => strategy.state(),
      restore: (state, history) => strategy.restore(state, history),
    },
    history: () => JSON.parse(JSON.stringify({ told, pending })) as SearchHistory,
  };
}
