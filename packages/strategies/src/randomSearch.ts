import {
  type SearchHistory,
  type Genome,
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

const ID = 'random';

const optionsSchema = z.strictObject({ ...STRATEGY_OPTION_SHAPE });

const stateSchema = z.object({
  strategy: z.literal(ID),
  version: z.literal(1),
  ...SEARCH_LEDGER_STATE_SHAPE,
});

/**
 * Random search: every optional op on with probability ½, independently; a genome is never
 * proposed twice and never one the constraint rejects. The baseline any strategy must beat.
 */
export const randomSearch: SearchStrategyFactory = {
  id: ID,
  description: 'uniform random genomes (each optional op on with probability 1/2), never one twice',
  create(space: SearchSpace, options: SearchStrategyOptions): SearchStrategy {
    return new RandomSearch(space, parseStrategyOptions(ID, optionsSchema, options));
  },
};

class RandomSearch implements SearchStrategy {
  private readonly ledger: SearchLedger;

  constructor(space: SearchSpace, options: z.infer<typeof optionsSchema>) {
    this.ledger = new SearchLedger(space, { id: ID, seed: options.seed, constraint: options.constraint });
  }

  ask(n: number): Genome[] {
    askCount(ID, n);
    const { codec, rng } = this.ledger;
    const sample = (): Uint8Array => {
      const bits = new Uint8Array(codec.bits);
      for (let i = 0; i < bits.length; i++) bits[i] = rng.uniform() < 0.5 ? 1 : 0;
      return bits;
    };
    const out: Genome[] = [];
    while (out.length < n) {
      const key = this.ledger.propose(sample);
      if (key === undefined) break;
      out.push(codec.genome(key));
    }
    return out;
  }

  tell(genome: Genome, fitness: number): void {
    this.ledger.tell(genome, fitness);
  }

  state(): z.infer<typeof stateSchema> {
    return { strategy: ID, version: 1, ...this.ledger.state() };
  }

  restore(state: unknown, history: SearchHistory): void {
    this.ledger.restore(parseStrategyState(ID, stateSchema, state), history);
  }
}
