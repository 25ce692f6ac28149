import { ReparamError } from '../errors.js';
import type { Genome, SearchSpace } from '../interfaces/Genome.js';
import type { GenomeConstraint } from '../interfaces/GenomeConstraint.js';
import type { SearchHistory } from '../interfaces/SearchStrategy.js';
import { Rng } from '../rng.js';
import { GenomeCodec } from './GenomeCodec.js';
import { malformedState, z } from './strategyState.js';

/** What a {@link SearchLedger} needs: the owning strategy's id (for messages), the seed and the constraint. */
export interface SearchLedgerOptions {
  readonly id: string;
  readonly seed: number;
  readonly constraint?: GenomeConstraint;
}

/**
 * The JSON state of a {@link SearchLedger}; strategies spread it into their own state. Which genomes
 * were told and which are pending is not in it: that is the search's {@link SearchHistory}.
 */
export interface SearchLedgerState {
  /** {@link GenomeCodec.fingerprint} of the space, so a state is never restored into another space. */
  space: string;
  /** {@link Rng.state} of the one stream the strategy draws from. */
  rng: [number, number, number, number];
}

const uint32 = z.number().int().min(0).max(0xffffffff);

/** Zod shape of {@link SearchLedgerState}, to spread into a strategy's state schema. */
export const SEARCH_LEDGER_STATE_SHAPE = {
  space: z.string(),
  rng: z.tuple([uint32, uint32, uint32, uint32]),
};

/** Random proposals tried before falling back to enumeration (or giving up). */
const TRIES = 100;
/** Tries after which a sample the constraint rejects is repaired instead of resampled. */
const REPAIR_AFTER = 10;
/** Tries after which duplicate samples get random bits flipped, to leave a crowded region. */
const FLIP_AFTER = 50;
/** Spaces up to this many bits are enumerated when random proposals keep failing, so "none left" is exact. */
const SCAN_MAX_BITS = 16;

/**
 * The bookkeeping every strategy needs: one seeded {@link Rng}, which genomes were told (with
 * fitness) and which are pending, proposal of new genomes that are neither and that the constraint
 * allows, and a JSON state for all of it. Strategies supply only how to sample a candidate.
 */
export class SearchLedger {
  readonly codec: GenomeCodec;
  readonly rng: Rng;
  readonly constraint: GenomeConstraint | undefined;
  private readonly id: string;
  private readonly told = new Map<string, number>();
  private readonly pending = new Set<string>();

  constructor(space: SearchSpace, options: SearchLedgerOptions) {
    this.codec = new GenomeCodec(space);
    this.rng = new Rng(options.seed);
    this.constraint = options.constraint;
    this.id = options.id;
  }

  /** Fitness of a told genome, by key. */
  fitness(key: string): number | undefined {
    return this.told.get(key);
  }

  /** True when `key` was told or is pending (so must not be proposed again). */
  has(key: string): boolean {
    return this.told.has(key) || this.pending.has(key);
  }

  /** True when `key` was proposed and not yet told. */
  isPending(key: string): boolean {
    return this.pending.has(key);
  }

  /** Number of told genomes. */
  get evaluatedCount(): number {
    return this.told.size;
  }

  /** Number of pending genomes. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** True when the constraint (if any) allows the genome of `bits`. */
  allows(bits: ArrayLike<number>): boolean {
    return this.constraint === undefined || this.constraint.check(this.codec.fromBits(bits)) === undefined;
  }

  /**
   * Proposes a genome neither told nor pending that the constraint allows, drawing candidates from
   * `sample` (which must return fresh bits; they may be modified). Returns its key, now pending, or
   * `undefined` when none can be found (the space, or the part of it the constraint allows, is used up).
   */
  propose(sample: () => Uint8Array): string | undefined {
    if (this.codec.bits < 53 && this.told.size + this.pending.size >= 2 ** this.codec.bits) return undefined;
    for (let t = 0; t < TRIES; t++) {
      const bits = sample();
      if (t >= FLIP_AFTER && this.codec.bits > 0) {
        // The sampler keeps returning known genomes (e.g. converged probabilities): step away from them.
        const flips = 1 + ((t - FLIP_AFTER) >> 3);
        for (let f = 0; f < flips; f++) bits[this.rng.int(this.codec.bits)] ^= 1;
      }
      if (!this.allows(bits) && !(t >= REPAIR_AFTER && this.repair(bits))) continue;
      const key = this.codec.keyOfBits(bits);
      if (this.has(key)) continue;
      this.pending.add(key);
      return key;
    }
    return this.scan();
  }

  /**
   * Drops random ops until the constraint allows `bits`, preferring slots the constraint rejects
   * on their own (for a per-slot limit, exactly the violating slots); false when even dropping
   * every op does not help.
   */
  repair(bits: Uint8Array): boolean {
    const layout = this.codec.layout;
    while (!this.allows(bits)) {
      const active = (slot: (typeof layout)[number]): number[] =>
        slot.options.map((_, j) => slot.offset + j).filter((i) => bits[i]);
      const violating: number[] = [];
      const any: number[] = [];
      for (const slot of layout) {
        const ops = active(slot);
        if (!ops.length) continue;
        any.push(...ops);
        const alone = new Uint8Array(this.codec.bits);
        for (const i of ops) alone[i] = 1;
        if (!this.allows(alone)) violating.push(...ops);
      }
      const candidates = violating.length ? violating : any;
      if (!candidates.length) return false;
      bits[candidates[this.rng.int(candidates.length)]] = 0;
    }
    return true;
  }

  /** Every genome of a small space, from a random start: exact when random proposals fail. */
  private scan(): string | undefined {
    const n = this.codec.bits;
    if (n > SCAN_MAX_BITS) return undefined;
    const size = 2 ** n;
    const start = this.rng.int(size);
    const bits = new Uint8Array(n);
    for (let i = 0; i < size; i++) {
      const index = (start + i) % size;
      for (let b = 0; b < n; b++) bits[b] = (index >> b) & 1;
      const key = this.codec.keyOfBits(bits);
      if (this.has(key) || !this.allows(bits)) continue;
      this.pending.add(key);
      return key;
    }
    return undefined;
  }

  /**
   * The key of a pending genome; a {@link ReparamError} when `genome` was never proposed or was
   * already told.
   */
  pendingKey(genome: Genome): string {
    const key = this.codec.key(genome);
    if (!this.pending.has(key)) throw this.notAsked(genome, key);
    return key;
  }

  /** The error for telling a genome that ask() did not hand out (or that was told already). */
  notAsked(genome: Genome, key = this.codec.key(genome)): ReparamError {
    const why = this.told.has(key) ? 'was already told' : 'was not returned by ask()';
    return new ReparamError(`${this.id}: cannot tell genome ${JSON.stringify(genome)}: it ${why}`);
  }

  /** Records the fitness of the pending genome `key` (see {@link SearchLedger.pendingKey}). */
  record(key: string, fitness: number): void {
    if (typeof fitness !== 'number' || !Number.isFinite(fitness)) {
      throw new ReparamError(`${this.id}: fitness must be a finite number (got ${String(fitness)})`);
    }
    if (!this.pending.delete(key)) throw this.notAsked(this.codec.genome(key), key);
    this.told.set(key, fitness);
  }

  /** {@link SearchLedger.pendingKey} then {@link SearchLedger.record}; returns the key. */
  tell(genome: Genome, fitness: number): string {
    const key = this.pendingKey(genome);
    this.record(key, fitness);
    return key;
  }

  /** Plain-JSON state. */
  state(): SearchLedgerState {
    return {
      space: this.codec.fingerprint,
      // Rng words may be held signed (from xor); the state stores them as unsigned, as restore reads them.
      rng: this.rng.state().map((w) => w >>> 0) as [number, number, number, number],
    };
  }

  /** What was told (in tell order) and what is pending (in proposal order): what a search keeps. */
  history(): SearchHistory {
    return {
      told: [...this.told].map(([key, fitness]) => ({ genome: this.codec.genome(key), fitness })),
      pending: [...this.pending].map((key) => this.codec.genome(key)),
    };
  }

  /**
   * Replaces this ledger's state with `state` (already shaped by {@link SEARCH_LEDGER_STATE_SHAPE})
   * and the search's `history`; throws `malformed <id> state: …` for a state of another space, a
   * genome outside the space, a genome told twice or a pending genome that was also told. Nothing
   * changes when it throws. A strategy that checked its own state against the history passes what
   * {@link SearchLedger.readHistory} returned as `read`, so the history is not read twice.
   */
  restore(state: SearchLedgerState, history: SearchHistory, read = this.readHistory(state, history)): void {
    const { told, pending } = read;
    this.rng.restore(state.rng);
    this.told.clear();
    for (const [k, f] of told) this.told.set(k, f);
    this.pending.clear();
    for (const k of pending) this.pending.add(k);
  }

  /**
   * The history as keys — told genomes with their fitness in tell order, pending ones in order —
   * checked as {@link SearchLedger.restore} checks it, without changing this ledger (strategies
   * check their own state against it before restoring anything).
   */
  readHistory(state: SearchLedgerState, history: SearchHistory): { told: Map<string, number>; pending: string[] } {
    if (state.space !== this.codec.fingerprint) {
      throw malformedState(this.id, `it was saved for another search space (fingerprint ${state.space}, this space ${this.codec.fingerprint})`);
    }
    const told = new Map<string, number>();
    for (const { genome, fitness } of history.told) {
      const key = this.historyKey(genome, 'told');
      if (told.has(key)) throw malformedState(this.id, `genome ${key} is told twice`);
      if (typeof fitness !== 'number' || !Number.isFinite(fitness)) throw malformedState(this.id, `genome ${key} has fitness ${String(fitness)}`);
      told.set(key, fitness);
    }
    const pending: string[] = [];
    for (const genome of history.pending) {
      const key = this.historyKey(genome, 'pending');
      if (pending.includes(key) || told.has(key)) throw malformedState(this.id, `pending genome ${key} is listed twice or was already told`);
      pending.push(key);
    }
    return { told, pending };
  }

  /** The key of a history genome; `malformed <id> state` when it is not a genome of this space. */
  private historyKey(genome: Genome, where: string): string {
    try {
      return this.codec.key(genome);
    } catch (err) {
      throw malformedState(this.id, `a ${where} genome is not of this search space (${(err as Error).message})`);
    }
  }

  /** Throws `malformed <id> state` unless `key` is a genome key of this space. */
  checkKey(key: string, where: string): void {
    if (!this.codec.isKey(key)) {
      throw malformedState(this.id, `${where} genome '${key}' is not a string of ${this.codec.bits} bits (0/1)`);
    }
  }
}
