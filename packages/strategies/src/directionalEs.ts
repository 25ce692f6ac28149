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

const ID = 'directional-es';

/** Defaults of the directional evolutionary strategy's options. */
export const DIRECTIONAL_ES_DEFAULTS = {
  population: 8,
  learningRate: 1,
  momentum: 0.5,
  floor: 0.05,
  ceiling: 0.95,
  initialProbability: 0.2,
  elite: 1,
  sharing: 0.8,
  coupling: 1,
  halfLife: 1,
  coupledGenerations: 3,
} as const;

const probability = z.number().min(0).max(1);

const optionsSchema = z
  .strictObject({
    ...STRATEGY_OPTION_SHAPE,
    // Two offspring at least: the direction compares a better half with a worse one.
    population: z.number().int().min(2).optional(),
    learningRate: z.number().positive().optional(),
    momentum: z.number().min(0).lt(1).optional(),
    floor: probability.optional(),
    ceiling: probability.optional(),
    initialProbability: probability.optional(),
    elite: z.number().int().nonnegative().optional(),
    sharing: probability.optional(),
    coupling: probability.optional(),
    halfLife: z.number().nonnegative().optional(),
    coupledGenerations: z.number().int().min(1).optional(),
  })
  .transform((o) => {
    const d = DIRECTIONAL_ES_DEFAULTS;
    return {
      seed: o.seed,
      constraint: o.constraint,
      population: o.population ?? d.population,
      learningRate: o.learningRate ?? d.learningRate,
      momentum: o.momentum ?? d.momentum,
      floor: o.floor ?? d.floor,
      ceiling: o.ceiling ?? d.ceiling,
      initialProbability: o.initialProbability ?? d.initialProbability,
      elite: o.elite ?? d.elite,
      sharing: o.sharing ?? d.sharing,
      coupling: o.coupling ?? d.coupling,
      halfLife: o.halfLife ?? d.halfLife,
      coupledGenerations: o.coupledGenerations ?? d.coupledGenerations,
    };
  })
  .refine((o) => o.floor < o.ceiling, { message: 'floor must be below ceiling' })
  .refine((o) => o.initialProbability >= o.floor && o.initialProbability <= o.ceiling, {
    message: 'initialProbability must lie within [floor, ceiling]',
  });

type Options = z.infer<typeof optionsSchema>;

const perOp = z.record(z.string(), z.record(z.string(), z.number()));

const stateSchema = z.object({
  strategy: z.literal(ID),
  version: z.literal(1),
  ...SEARCH_LEDGER_STATE_SHAPE,
  /** Completed generations (updates of the probabilities). */
  generation: z.number().int().nonnegative(),
  /** p[slot][op]: the probability that an offspring has that op. */
  probabilities: perOp,
  /** The last step of each probability, carried into the next with momentum. */
  velocity: perOp,
  /** The best genomes so far, `[genome key, fitness]`, best first. */
  elites: z.array(z.tuple([z.string(), z.number()])),
  /** The current generation in sample order; `fitness` is null until told. */
  offspring: z.array(z.object({ genome: z.string(), fitness: z.number().nullable() })),
  /** How many of `offspring` ask() has handed out. */
  asked: z.number().int().nonnegative(),
});

type State = z.infer<typeof stateSchema>;

/**
 * The paper's Directional Evolutionary Strategy. The population is a probability p[slot][op] per
 * optional op; each generation samples `population` new genomes from p (one Bernoulli draw per
 * slot-op), and once all are told ranks them together with the `elite` best genomes so far (never
 * re-evaluated: by default only the best one, because under evaluation noise each kept elite is
 * mostly a lucky score that pulls every later direction its way) and moves p along the direction
 * d = (frequency of each op in the better
 * half) − (its frequency in the worse half), with momentum, clipped to [floor, ceiling] so that no
 * op is ever ruled out or forced. `state().probabilities` is p as `Record<slot, Record<op, number>>`.
 *
 * `sharing` (0–1) blends each slot-op's direction with the mean direction of the same op over every
 * slot that has it: d' = (1 − sharing)·d + sharing·mean_slots(d). An op that helps (or hurts) in
 * most slots then moves everywhere at once, its per-slot noise averaged over the slots, while a
 * slot-specific effect still moves its own probability.
 *
 * `coupling` (0–1) correlates an offspring's draws of the same op across slots (a Gaussian copula:
 * each slot-op is still on with probability p, but a share `coupling` of its randomness is one draw
 * per op and offspring). At 0 every slot-op is drawn independently; towards 1 an offspring takes an
 * op in most of the slots or in few of them, so offspring differ in what matters when an op's
 * effect is alike across slots (how much of the network has identity, say) instead of all looking
 * alike on average — which is what the ranking of a generation can then see.
 *
 * `halfLife` (generations; 0 = never) halves `coupling` and `sharing` every that many generations
 * after the first `coupledGenerations` (at least 1), so that later generations refine slot by slot. The first
 * generations stay fully coupled because under evaluation noise that is where coupled draws pay:
 * decoupling from the second generation on (the earlier schedule) cost a third of the gain on a
 * landscape whose ops act alike across slots, and never decoupling cannot find slot-specific effects
 * (measured with `reparam bench strategies` and this suite's hidden-target test).
 */
export const directionalEs: SearchStrategyFactory = {
  id: ID,
  description: "the paper's directional evolutionary strategy: per-op probabilities moved toward the better half, with momentum and elites",
  create(space: SearchSpace, options: SearchStrategyOptions): SearchStrategy {
    return new DirectionalEs(space, parseStrategyOptions(ID, optionsSchema, options));
  },
};

class DirectionalEs implements SearchStrategy {
  private readonly ledger: SearchLedger;
  private readonly p: Float64Array;
  private readonly v: Float64Array;
  private generation = 0;
  private elites: [string, number][] = [];
  private offspring: { genome: string; fitness: number | null }[] = [];
  private asked = 0;
  /** Which op each bit is (an index into `ops`): what coupled sampling and sharing group by. */
  private readonly opOfBit: { readonly ops: readonly string[]; readonly index: Uint16Array };

  constructor(
    space: SearchSpace,
    private readonly options: Options,
  ) {
    this.ledger = new SearchLedger(space, { id: ID, seed: options.seed, constraint: options.constraint });
    this.p = new Float64Array(this.ledger.codec.bits).fill(options.initialProbability);
    this.v = new Float64Array(this.ledger.codec.bits);
    const ops: string[] = [];
    const index = new Uint16Array(this.ledger.codec.bits);
    for (const slot of this.ledger.codec.layout) {
      slot.options.forEach((op, j) => {
        if (!ops.includes(op)) ops.push(op);
        index[slot.offset + j] = ops.indexOf(op);
      });
    }
    this.opOfBit = { ops, index };
  }

  ask(n: number): Genome[] {
    askCount(ID, n);
    const out: Genome[] = [];
    while (out.length < n) {
      if (this.asked < this.offspring.length) {
        out.push(this.ledger.codec.genome(this.offspring[this.asked++].genome));
        continue;
      }
      // A new generation needs the update from the whole previous one.
      if (this.offspring.some((o) => o.fitness === null)) break;
      this.sampleGeneration();
      if (this.offspring.length === 0) break; // nothing new left to propose
    }
    return out;
  }

  /** Samples the whole generation at once, so how ask() is split up never changes what is proposed. */
  private sampleGeneration(): void {
    const { codec, rng } = this.ledger;
    const coupling = this.options.coupling * this.coarseness();
    const sample = (): Uint8Array => {
      const bits = new Uint8Array(codec.bits);
      if (coupling === 0) {
        for (let i = 0; i < bits.length; i++) bits[i] = rng.uniform() < this.p[i] ? 1 : 0;
        return bits;
      }
      const common = this.opOfBit.ops.map(() => rng.normal());
      for (let i = 0; i < bits.length; i++) {
        const z = Math.sqrt(coupling) * common[this.opOfBit.index[i]] + Math.sqrt(1 - coupling) * rng.normal();
        bits[i] = normalCdf(z) < this.p[i] ? 1 : 0;
      }
      return bits;
    };
    this.offspring = [];
    this.asked = 0;
    for (let i = 0; i < this.options.population; i++) {
      const key = this.ledger.propose(sample);
      if (key === undefined) break;
      this.offspring.push({ genome: key, fitness: null });
    }
  }

  tell(genome: Genome, fitness: number): void {
    const key = this.ledger.pendingKey(genome);
    const index = this.offspring.findIndex((o) => o.genome === key);
    if (index < 0 || index >= this.asked) throw this.ledger.notAsked(genome, key);
    this.ledger.record(key, fitness);
    this.offspring[index].fitness = fitness;
    if (this.offspring.every((o) => o.fitness !== null)) this.update();
  }

  /** Ranks elites and offspring, moves p along the direction, and keeps the new elites. */
  private update(): void {
    const { learningRate, momentum, floor, ceiling, elite } = this.options;
    const pool: [string, number][] = [...this.elites, ...this.offspring.map((o): [string, number] => [o.genome, o.fitness!])];
    // Stable sort: among equal fitness, elites (older) rank first, then offspring in sample order.
    pool.sort((a, b) => b[1] - a[1]);
    const half = Math.floor(pool.length / 2);
    const d = new Float64Array(this.p.length);
    if (half > 0) {
      for (let r = 0; r < half; r++) {
        const better = pool[r][0];
        const worse = pool[pool.length - 1 - r][0];
        for (let i = 0; i < d.length; i++) d[i] += (better.charCodeAt(i) - worse.charCodeAt(i)) / half;
      }
    }
    if (this.options.sharing * this.coarseness() > 0) this.shareDirection(d);
    for (let i = 0; i < this.p.length; i++) {
      const step = momentum * this.v[i] + learningRate * d[i];
      const next = Math.min(ceiling, Math.max(floor, this.p[i] + step));
      // Keep only the step actually taken, so momentum does not keep pushing p into a bound.
      this.v[i] = next - this.p[i];
      this.p[i] = next;
    }
    this.elites = pool.slice(0, elite);
    this.generation++;
  }

  /** How much of `coupling` and `sharing` applies in this generation: all in the first `coupledGenerations`, then halving every `halfLife` generations (0: always all). */
  private coarseness(): number {
    const { halfLife, coupledGenerations } = this.options;
    // `generation` counts completed generations: the one being drawn (or ranked) is generation + 1.
    return halfLife > 0 ? 0.5 ** (Math.max(0, this.generation + 1 - coupledGenerations) / halfLife) : 1;
  }

  /** Blends each slot-op's direction with the op's mean direction over the slots that have it. */
  private shareDirection(d: Float64Array): void {
    const { ops, index } = this.opOfBit;
    const total = new Float64Array(ops.length);
    const slots = new Float64Array(ops.length);
    for (let i = 0; i < d.length; i++) {
      total[index[i]] += d[i];
      slots[index[i]]++;
    }
    const w = this.options.sharing * this.coarseness();
    for (let i = 0; i < d.length; i++) d[i] = (1 - w) * d[i] + (w * total[index[i]]) / slots[index[i]];
  }

  state(): State {
    return {
      strategy: ID,
      version: 1,
      ...this.ledger.state(),
      generation: this.generation,
      probabilities: this.perOp(this.p),
      velocity: this.perOp(this.v),
      elites: this.elites.map(([k, f]) => [k, f]),
      offspring: this.offspring.map((o) => ({ ...o })),
      asked: this.asked,
    };
  }

  private perOp(values: Float64Array): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const slot of this.ledger.codec.layout) {
      out[slot.name] = {};
      slot.options.forEach((op, j) => (out[slot.name][op] = values[slot.offset + j]));
    }
    return out;
  }

  restore(state: unknown, history: SearchHistory): void {
    const s = parseStrategyState(ID, stateSchema, state);
    const read = this.ledger.readHistory(s, history);
    const { told: evaluated, pending } = read;
    const p = this.fromPerOp(s.probabilities, 'probabilities');
    const v = this.fromPerOp(s.velocity, 'velocity');
    p.forEach((x, i) => {
      if (x < 0 || x > 1) throw malformedState(ID, `probability ${x} of bit ${i} is outside [0, 1]`);
    });
    for (const [key, fitness] of s.elites) {
      this.ledger.checkKey(key, 'elite');
      if (evaluated.get(key) !== fitness) throw malformedState(ID, `elite genome ${key} is not evaluated with fitness ${fitness}`);
    }
    if (s.asked > s.offspring.length) throw malformedState(ID, `asked (${s.asked}) exceeds the ${s.offspring.length} offspring`);
    const untold = new Set<string>();
    s.offspring.forEach((o, i) => {
      this.ledger.checkKey(o.genome, 'offspring');
      if (o.fitness === null) untold.add(o.genome);
      else if (evaluated.get(o.genome) !== o.fitness) throw malformedState(ID, `offspring genome ${o.genome} is not evaluated with fitness ${o.fitness}`);
      if (o.fitness !== null && i >= s.asked) throw malformedState(ID, `offspring ${i} was told but never asked`);
    });
    if (untold.size !== pending.length || !pending.every((k) => untold.has(k))) {
      throw malformedState(ID, 'pending genomes are not the untold offspring');
    }
    this.ledger.restore(s, history, read);
    this.p.set(p);
    this.v.set(v);
    this.generation = s.generation;
    this.elites = s.elites.map(([k, f]) => [k, f]);
    this.offspring = s.offspring.map((o) => ({ ...o }));
    this.asked = s.asked;
  }

  /** The flat values of a `Record<slot, Record<op, number>>` that must name exactly this space's slot-ops. */
  private fromPerOp(values: Record<string, Record<string, number>>, what: string): Float64Array {
    const layout = this.ledger.codec.layout;
    const out = new Float64Array(this.ledger.codec.bits);
    const slots = Object.keys(values);
    if (slots.length !== layout.length) throw malformedState(ID, `${what} has ${slots.length} slots, the search space ${layout.length}`);
    for (const slot of layout) {
      const ops = values[slot.name];
      if (!ops) throw malformedState(ID, `${what} lacks slot '${slot.name}'`);
      if (Object.keys(ops).length !== slot.options.length) throw malformedState(ID, `${what} of slot '${slot.name}' does not list exactly its ${slot.options.length} ops`);
      slot.options.forEach((op, j) => {
        const x = ops[op];
        if (x === undefined) throw malformedState(ID, `${what} of slot '${slot.name}' lacks op '${op}'`);
        out[slot.offset + j] = x;
      });
    }
    return out;
  }
}

/** Φ(z), the standard normal CDF (Abramowitz & Stegun 7.1.26 for erf: absolute error below 1.5e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}
