import { ReparamError } from '../errors.js';
import type { Genome, SearchSpace } from '../interfaces/Genome.js';

/**
 * Maps the genomes of a {@link SearchSpace} to fixed-length bit vectors (one bit per slot-op, in
 * space order) and to their string keys (`'0110…'`), so that strategies can sample, compare and
 * store genomes cheaply and a JSON state stays compact.
 */
export class GenomeCodec {
  /** Number of optional slot-ops, i.e. bits per genome. */
  readonly bits: number;
  /** Short hash of the space, stored in strategy states so one is never restored into another space. */
  readonly fingerprint: string;
  private readonly slots: readonly { name: string; options: readonly string[]; offset: number; index: Map<string, number> }[];
  private readonly bySlot: Map<string, number>;

  constructor(readonly space: SearchSpace) {
    let offset = 0;
    this.bySlot = new Map();
    this.slots = space.slots.map((s, i) => {
      if (this.bySlot.has(s.name)) throw new ReparamError(`search space lists slot '${s.name}' twice`);
      this.bySlot.set(s.name, i);
      const index = new Map<string, number>();
      s.options.forEach((op, j) => {
        if (index.has(op)) throw new ReparamError(`search space slot '${s.name}' lists op '${op}' twice`);
        index.set(op, j);
      });
      const slot = { name: s.name, options: s.options, offset, index };
      offset += s.options.length;
      return slot;
    });
    this.bits = offset;
    this.fingerprint = fnv1a(JSON.stringify(space.slots.map((s) => [s.name, s.options])));
  }

  /** Name and option ids of each slot with the index of its first bit, in space order. */
  get layout(): readonly { readonly name: string; readonly options: readonly string[]; readonly offset: number }[] {
    return this.slots;
  }

  /**
   * Bits of `genome`. Slots it leaves out have no optional op; an unknown slot or op, or an op
   * listed twice, is a {@link ReparamError}.
   */
  toBits(genome: Genome): Uint8Array {
    const bits = new Uint8Array(this.bits);
    for (const [name, ops] of Object.entries(genome)) {
      const i = this.bySlot.get(name);
      if (i === undefined) throw new ReparamError(`genome names slot '${name}', which is not in the search space`);
      const slot = this.slots[i];
      if (!Array.isArray(ops)) throw new ReparamError(`genome slot '${name}' must list op ids`);
      for (const op of ops) {
        const j = slot.index.get(op);
        if (j === undefined) throw new ReparamError(`genome slot '${name}' lists op '${op}', which is not an option of that slot`);
        if (bits[slot.offset + j]) throw new ReparamError(`genome slot '${name}' lists op '${op}' twice`);
        bits[slot.offset + j] = 1;
      }
    }
    return bits;
  }

  /** The genome of `bits`: every slot present, ops in space order. */
  fromBits(bits: ArrayLike<number>): Genome {
    const genome: Record<string, string[]> = {};
    for (const slot of this.slots) {
      genome[slot.name] = slot.options.filter((_, j) => bits[slot.offset + j]);
    }
    return genome;
  }

  /** The key of `bits`, e.g. `'0110'`. */
  keyOfBits(bits: ArrayLike<number>): string {
    let key = '';
    for (let i = 0; i < this.bits; i++) key += bits[i] ? '1' : '0';
    return key;
  }

  /** The bits of a key made by {@link GenomeCodec.keyOfBits}. */
  bitsOfKey(key: string): Uint8Array {
    const bits = new Uint8Array(this.bits);
    for (let i = 0; i < this.bits; i++) bits[i] = key.charCodeAt(i) === 49 ? 1 : 0;
    return bits;
  }

  /** The key of a genome (throws like {@link GenomeCodec.toBits}). */
  key(genome: Genome): string {
    return this.keyOfBits(this.toBits(genome));
  }

  /** The genome of a key. */
  genome(key: string): Genome {
    return this.fromBits(this.bitsOfKey(key));
  }

  /** True when `key` is a well-formed key of this space. */
  isKey(key: string): boolean {
    return key.length === this.bits && /^[01]*$/.test(key);
  }
}

// 32-bit FNV-1a: enough to tell spaces apart in a state file, not a security measure.
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
