import { type Genome, GenomeCodec, Rng, type SearchSpace } from '@reparam/core';
import { chainOptimum, type Interaction } from './chainOptimum.js';
import type { Landscape } from './Landscape.js';
import type { GeneratedLandscapeParams } from './landscapeParams.js';

/** Expected true fitness of a uniformly random genome of every generated landscape (60%). */
export const RANDOM_GENOME_FITNESS = 0.6;
/** True fitness of every generated landscape's optimum (90%). */
export const OPTIMUM_FITNESS = 0.9;

/**
 * A synthetic landscape over `space` (one bit per slot-op), everything drawn from `params.seed`:
 *
 * raw(g) = Σ e_i·b_i + Σ w_ij·b_i·b_j, with a per-op effect e_i ~ N(0, 1) — of which a share `shared`
 * of the variance is one draw per op, the same in every slot that has the op — and, for `rugged`, `k`
 * interactions per slot-op (NK-style) with a partner drawn among the ops of the same slot and of the
 * next one, w ~ N(0, strength²). `additive` has none.
 *
 * Because interactions only join a slot to itself and its neighbour, the exact optimum of raw is found
 * by dynamic programming along the slots ({@link chainOptimum}); for `additive` that is every op with
 * a positive effect. raw is then mapped affinely so that a uniformly random genome's expected fitness
 * (exact: Σe_i/2 + Σw_ij/4) is {@link RANDOM_GENOME_FITNESS} and the optimum's is
 * {@link OPTIMUM_FITNESS}: every generated landscape reads like validation accuracy. One evaluation adds
 * N(0, (noise/100)²), drawn from the genome, the evaluation's seed and the landscape's seed.
 */
export function generatedLandscape(space: SearchSpace, params: GeneratedLandscapeParams): Landscape {
  const codec = new GenomeCodec(space);
  const rng = new Rng(params.seed);
  const effects = new Float64Array(codec.bits);
  for (let i = 0; i < effects.length; i++) effects[i] = rng.normal();
  if (params.shared > 0) {
    // Drawn from their own stream, so that the landscapes without a shared part stay as they were.
    const common = new Map<string, number>();
    const opRng = new Rng(hash32(`${params.seed}:shared`));
    for (const slot of codec.layout) {
      for (const [j, op] of slot.options.entries()) {
        if (!common.has(op)) common.set(op, opRng.normal());
        const i = slot.offset + j;
        effects[i] = Math.sqrt(params.shared) * common.get(op)! + Math.sqrt(1 - params.shared) * effects[i];
      }
    }
  }
  const slots = codec.layout.map((s) => ({ offset: s.offset, size: s.options.length }));
  const interactions = params.kind === 'rugged' ? drawInteractions(slots, params.k, params.strength, rng) : [];
  const raw = (bits: Uint8Array): number => {
    let v = 0;
    for (let i = 0; i < bits.length; i++) if (bits[i]) v += effects[i];
    for (const x of interactions) if (bits[x.i] && bits[x.j]) v += x.weight;
    return v;
  };
  const expected = effects.reduce((a, e) => a + e / 2, 0) + interactions.reduce((a, x) => a + x.weight / 4, 0);
  const best = chainOptimum(slots, effects, interactions);
  // A landscape with nothing to choose (no ops, or all effects zero) is flat at the random fitness.
  const gain = best.value > expected ? (OPTIMUM_FITNESS - RANDOM_GENOME_FITNESS) / (best.value - expected) : 0;
  const fitnessOfBits = (bits: Uint8Array) => RANDOM_GENOME_FITNESS + (raw(bits) - expected) * gain;
  const sigma = params.noise / 100;
  const label = `${params.kind}${params.kind === 'rugged' ? ` k=${params.k} strength ${params.strength}` : ''}${params.shared > 0 ? `, shared ${params.shared}` : ''}, seed ${params.seed}, noise ${params.noise} points`;
  return {
    space,
    label,
    noise: sigma,
    trueFitness: (genome) => fitnessOfBits(codec.toBits(genome)),
    score(genome, seed) {
      const key = codec.key(genome);
      const f = fitnessOfBits(codec.bitsOfKey(key));
      return sigma === 0 ? f : f + sigma * new Rng(hash32(`${params.seed}:${seed}:${key}`)).normal();
    },
    optimum: { genome: codec.fromBits(best.bits), fitness: fitnessOfBits(best.bits) },
    randomGenome(r): Genome {
      const bits = new Uint8Array(codec.bits);
      for (let i = 0; i < bits.length; i++) bits[i] = r.uniform() < 0.5 ? 1 : 0;
      return codec.fromBits(bits);
    },
  };
}

/** `k` interactions per bit, each with a partner among the other bits of its slot and of the next slot. */
function drawInteractions(slots: readonly { offset: number; size: number }[], k: number, strength: number, rng: Rng): Interaction[] {
  const weights = new Map<number, Interaction>();
  const total = slots.reduce((a, s) => a + s.size, 0);
  for (const [t, s] of slots.entries()) {
    const end = t + 1 < slots.length ? slots[t + 1].offset + slots[t + 1].size : s.offset + s.size;
    for (let i = s.offset; i < s.offset + s.size; i++) {
      // Partners: the bits of this slot and the next, but i itself.
      const candidates = end - s.offset - 1;
      for (let n = 0; n < k && candidates > 0; n++) {
        let j = s.offset + rng.int(candidates);
        if (j >= i) j++;
        const [a, b] = i < j ? [i, j] : [j, i];
        const key = a * total + b;
        const w = strength * rng.normal();
        const prior = weights.get(key);
        weights.set(key, { i: a, j: b, weight: (prior?.weight ?? 0) + w });
      }
    }
  }
  return [...weights.values()];
}

/** 32-bit FNV-1a of `text`: the seed of one evaluation's noise. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
