import { ReparamError } from '@reparam/core';

/** A pairwise interaction: `weight` is added when bits `i` and `j` are both on. */
export interface Interaction {
  readonly i: number;
  readonly j: number;
  readonly weight: number;
}

/** Most optional ops a slot may have for {@link chainOptimum} (2^12 states per slot, 2^24 per pair of slots). */
export const MAX_CHAIN_SLOT_OPS = 12;

/**
 * The exact maximum of `Σ effects[i]·b[i] + Σ weight·b[i]·b[j]` over bit vectors `b`, where the bits
 * are grouped into consecutive slots (`slots[t]` is the offset and size of slot t) and every
 * interaction is between bits of the same slot or of neighbouring slots (t and t + 1). The objective
 * is then a chain of slot states, and dynamic programming over the chain (Viterbi) finds its maximum:
 * best[t][s] = local_t(s) + max over s' of (best[t−1][s'] + cross_t(s', s)), 2^(ops of t−1) × 2^(ops
 * of t) steps per slot, about 56 million for plain56's 55 slots of up to 10 ops. Ties go to the
 * smallest state (fewest-bit-index-first), so the result is deterministic.
 */
export function chainOptimum(
  slots: readonly { readonly offset: number; readonly size: number }[],
  effects: Float64Array,
  interactions: readonly Interaction[],
): { bits: Uint8Array; value: number } {
  const slotOf = new Int32Array(effects.length);
  for (const [t, s] of slots.entries()) {
    if (s.size > MAX_CHAIN_SLOT_OPS) throw new ReparamError(`a rugged landscape needs at most ${MAX_CHAIN_SLOT_OPS} ops per slot for its exact optimum; slot ${t} has ${s.size}`);
    for (let b = 0; b < s.size; b++) slotOf[s.offset + b] = t;
  }
  // Interactions by the slot pair they join: within slot t, or between t − 1 and t.
  const within: Interaction[][] = slots.map(() => []);
  const across: Interaction[][] = slots.map(() => []);
  for (const x of interactions) {
    const [i, j] = x.i < x.j ? [x.i, x.j] : [x.j, x.i];
    const d = slotOf[j] - slotOf[i];
    if (i === j || d < 0 || d > 1) throw new Error(`chainOptimum: interaction ${x.i}–${x.j} is not within a slot or between neighbouring slots`);
    (d === 0 ? within : across)[slotOf[j]].push({ i, j, weight: x.weight });
  }
  if (slots.length === 0) return { bits: new Uint8Array(0), value: 0 };
  const local = slots.map((s, t) => localValues(s, effects, within[t]));
  let best = local[0];
  const from: Int32Array[] = [new Int32Array(best.length)];
  for (let t = 1; t < slots.length; t++) {
    const prev = slots[t - 1];
    const cur = slots[t];
    const next = new Float64Array(1 << cur.size).fill(Number.NEGATIVE_INFINITY);
    const arg = new Int32Array(next.length);
    const u = new Float64Array(cur.size);
    const cross = new Float64Array(next.length);
    for (let a = 0; a < best.length; a++) {
      // u[q]: what bit q of this slot gains from the bits on in state a of the previous slot.
      u.fill(0);
      for (const x of across[t]) if (a & (1 << (x.i - prev.offset))) u[x.j - cur.offset] += x.weight;
      for (let s = 1; s < cross.length; s++) {
        const low = 31 - Math.clz32(s & -s);
        cross[s] = cross[s & (s - 1)] + u[low];
      }
      for (let s = 0; s < next.length; s++) {
        const v = best[a] + cross[s];
        if (v > next[s]) {
          next[s] = v;
          arg[s] = a;
        }
      }
    }
    for (let s = 0; s < next.length; s++) next[s] += local[t][s];
    best = next;
    from.push(arg);
  }
  let state = 0;
  for (let s = 1; s < best.length; s++) if (best[s] > best[state]) state = s;
  const value = best[state];
  const bits = new Uint8Array(effects.length);
  for (let t = slots.length - 1; t >= 0; t--) {
    for (let b = 0; b < slots[t].size; b++) if (state & (1 << b)) bits[slots[t].offset + b] = 1;
    state = from[t][state];
  }
  return { bits, value };
}

/** The value of each state of one slot on its own: its bits' effects and the interactions within it. */
function localValues(slot: { readonly offset: number; readonly size: number }, effects: Float64Array, within: readonly Interaction[]): Float64Array {
  const values = new Float64Array(1 << slot.size);
  for (let s = 1; s < values.length; s++) {
    const low = 31 - Math.clz32(s & -s);
    const rest = s & (s - 1);
    let v = values[rest] + effects[slot.offset + low];
    for (const x of within) {
      const i = x.i - slot.offset;
      const j = x.j - slot.offset;
      if ((i === low && rest & (1 << j)) || (j === low && rest & (1 << i))) v += x.weight;
    }
    values[s] = v;
  }
  return values;
}
