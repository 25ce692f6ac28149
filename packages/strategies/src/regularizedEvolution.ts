import {
  type SearchHistory,
  type Genome,
  malformedState,
  parseStrategyOptions,
  parseStrategyState,
  SEARCH_LEDGER_STATE_SHAPE,
  SearchLedger,
  type SearchSpace,
  type SearchStrategy,
  type SearchStrategyFactory,
  type SearchStrategyOptions,
  STRATEGY_OPTION_SHAPE,
  z,
} from '@reparam/core';
import { askCount } from './askCount.js';

const ID = 'regularized-evolution';

/** Default population (the FIFO queue's length and the number of initial random genomes). */
export const REGULARIZED_EVOLUTION_DEFAULT_POPULATION = 16;

const optionsSchema = z.strictObject({
  ...STRATEGY_OPTION_SHAPE,
  /** Tournament size; default max(2, round(population / 4)). */
  sampleSize: z.number().int().positive().optional(),
});

const stateSchema = z.object({
  strategy: z.literal(ID),
  version: z.literal(1),
  ...SEARCH_LEDGER_STATE_SHAPE,
  /** The living population, `[genome key, fitness]`, oldest first. */
  population: z.array(z.tuple([z.string(), z.number()])),
});

type State = z.infer<typeof stateSchema>;

/**
 * Regularized (aging) evolution, Real et al. 2019: `population` random genomes first; after that
 * each proposal is the best of a random tournament of `sampleSize` living genomes with one op of
 * one slot flipped. Every told genome joins the population and the oldest dies, so a lucky
 * genome cannot dominate forever. Options: `population` (default 16), `sampleSize`.
 */
export const regularizedEvolution: SearchStrategyFactory = {
  id: ID,
  description: 'regularized (aging) evolution: tournament selection, one-op mutation, the oldest genome dies',
  create(space: SearchSpace, options: SearchStrategyOptions): SearchStrategy {
    return new RegularizedEvolution(space, parseStrategyOptions(ID, optionsSchema, options));
  },
};

class RegularizedEvolution implements SearchStrategy {
  private readonly ledger: SearchLedger;
  private readonly size: number;
  private readonly sampleSize: number;
  /** Slots that have at least one optional op (the only ones a mutation can change). */
  private readonly mutable: readonly { offset: number; count: number }[];
  private population: [string, number][] = [];

  constructor(space: SearchSpace, options: z.infer<typeof optionsSchema>) {
    this.ledger = new SearchLedger(space, { id: ID, seed: options.seed, constraint: options.constraint });
    this.size = options.population ?? REGULARIZED_EVOLUTION_DEFAULT_POPULATION;
    this.sampleSize = options.sampleSize ?? Math.max(2, Math.round(this.size / 4));
    this.mutable = this.ledger.codec.layout.filter((s) => s.options.length > 0).map((s) => ({ offset: s.offset, count: s.options.length }));
  }

  ask(n: number): Genome[] {
    askCount(ID, n);
    const out: Genome[] = [];
    while (out.length < n) {
      // Every proposal is told or pending, so their count says whether the random start is over.
      const initial = this.ledger.evaluatedCount + this.ledger.pendingCount < this.size;
      // Past the random start, children need a living parent: wait for tells.
      if (!initial && this.population.length === 0) break;
      const key = this.ledger.propose(initial ? () => this.random() : () => this.child());
      if (key === undefined) break;
      out.push(this.ledger.codec.genome(key));
    }
    return out;
  }

  private random(): Uint8Array {
    const bits = new Uint8Array(this.ledger.codec.bits);
    for (let i = 0; i < bits.length; i++) bits[i] = this.ledger.rng.uniform() < 0.5 ? 1 : 0;
    return bits;
  }

  /** Tournament (with replacement, earliest drawn wins ties), then flip one op of one slot. */
  private child(): Uint8Array {
    const rng = this.ledger.rng;
    let parent = this.population[rng.int(this.population.length)];
    for (let i = 1; i < this.sampleSize; i++) {
      const rival = this.population[rng.int(this.population.length)];
      if (rival[1] > parent[1]) parent = rival;
    }
    const bits = this.ledger.codec.bitsOfKey(parent[0]);
    if (this.mutable.length) {
      const slot = this.mutable[rng.int(this.mutable.length)];
      bits[slot.offset + rng.int(slot.count)] ^= 1;
    }
    return bits;
  }

  tell(genome: Genome, fitness: number): void {
    const key = this.ledger.tell(genome, fitness);
    this.population.push([key, fitness]);
    if (this.population.length > this.size) this.population.shift();
  }

  state(): State {
    return {
      strategy: ID,
      version: 1,
      ...this.ledger.state(),
      population: this.population.map(([k, f]) => [k, f]),
    };
  }

  restore(state: unknown, history: SearchHistory): void {
    const s = parseStrategyState(ID, stateSchema, state);
    const read = this.ledger.readHistory(s, history);
    const evaluated = read.told;
    const living = new Set<string>();
    for (const [key, fitness] of s.population) {
      this.ledger.checkKey(key, 'population');
      if (living.has(key)) throw malformedState(ID, `population lists genome ${key} twice`);
      living.add(key);
      if (evaluated.get(key) !== fitness) throw malformedState(ID, `population genome ${key} is not evaluated with fitness ${fitness}`);
    }
    if (s.population.length > this.size) throw malformedState(ID, `population holds ${s.population.length} genomes, more than the population size ${this.size}`);
    this.ledger.restore(s, history, read);
    this.population = s.population.map(([k, f]) => [k, f]);
  }
}
