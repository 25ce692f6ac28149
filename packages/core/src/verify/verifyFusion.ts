import * as tf from '@tensorflow/tfjs';
import { applyFusedConv } from '../fusion/applyFusedConv.js';
import { disposeFusedConv } from '../fusion/FusedConv.js';
import type { RepOp } from '../op/RepOp.js';
import { Rng } from '../rng.js';
import type { Aggregation } from '../slot/Aggregation.js';
import { RepSlot } from '../slot/RepSlot.js';
import type { SlotSpec } from '../slot/SlotSpec.js';
import { randomizeParameters } from './randomizeParameters.js';

/** The slot shapes a fusion check runs over. */
export interface FusionGrid {
  readonly ks: readonly number[];
  readonly strides: readonly number[];
  readonly groups: readonly number[];
  /** `[cin, cout]` pairs; keep one with cin ≠ cout and one with cin = cout. */
  readonly channels: readonly (readonly [number, number])[];
  /** `[batch, height, width]` inputs; odd and even sizes catch padding mistakes. */
  readonly inputs: readonly (readonly [number, number, number])[];
}

/** k ∈ {3, 5}, stride ∈ {1, 2}, groups ∈ {1, 2}, cin ≠ cout and cin = cout, odd and even sizes. */
export const DEFAULT_FUSION_GRID: FusionGrid = {
  ks: [3, 5],
  strides: [1, 2],
  groups: [1, 2],
  channels: [
    [4, 8],
    [6, 6],
  ],
  inputs: [
    [2, 9, 8],
    [1, 6, 7],
  ],
};

/** One checked (op set, slot shape, aggregation). */
export interface FusionCase {
  /** The op id, or `all` for every applicable op of the checked list together. */
  readonly op: string;
  readonly ops: readonly string[];
  readonly aggregation: Aggregation;
  readonly k: number;
  readonly stride: number;
  readonly groups: number;
  readonly cin: number;
  readonly cout: number;
  /** max |multi-branch − fused| over the inputs, eval mode, float32. */
  readonly maxAbsError: number;
  /** 1e-4 · max(1, max |y|). */
  readonly tolerance: number;
  readonly ok: boolean;
  /** Why the case failed other than by error size (e.g. shape mismatch or a thrown error). */
  readonly problem?: string;
}

/** The result of a fusion check. */
export interface FusionReport {
  readonly ok: boolean;
  readonly results: FusionCase[];
}

/** Options of {@link verifyFusion}. */
export interface VerifyFusionOptions {
  readonly grid?: FusionGrid;
  readonly seed?: number;
  /** Also check every applicable op of the list together in one slot, for these modes (default: none). */
  readonly combinations?: readonly Aggregation[];
}

/** Relative tolerance of fusion: |Δ| ≤ 1e-4 · max(1, max |y|) in float32. */
export const FUSION_TOLERANCE = 1e-4;

/**
 * Builds one slot with `ops` on random weights and random BN statistics, and compares its
 * eval-mode multi-branch output with its fused convolution on random inputs.
 */
export function checkSlotFusion(
  spec: SlotSpec,
  ops: readonly RepOp[],
  aggregation: Aggregation,
  inputs: FusionGrid['inputs'],
  rng: Rng,
): Pick<FusionCase, 'maxAbsError' | 'tolerance' | 'ok' | 'problem'> {
  const before = tf.memory().numTensors;
  let slot: RepSlot | undefined;
  try {
    slot = RepSlot.build(spec, ops, { rng, aggregation, name: 'check' });
    randomizeParameters(slot.parameters(), rng);
    const fused = slot.fuse();
    let maxAbsError = 0;
    let maxY = 0;
    let problem: string | undefined;
    for (const [n, h, w] of inputs) {
      const x = tf.tensor4d(rng.normalArray(n * h * w * spec.cin), [n, h, w, spec.cin]);
      const yMulti = slot.forward(x, false);
      const yFused = applyFusedConv(x, fused, spec.stride, spec.groups);
      if (yMulti.shape.join() !== yFused.shape.join()) {
        problem = `shape ${yMulti.shape.join('×')} (multi-branch) vs ${yFused.shape.join('×')} (fused)`;
        maxAbsError = Infinity;
      } else {
        const [err, ymax] = tf.tidy(() => [tf.max(tf.abs(tf.sub(yMulti, yFused))), tf.max(tf.abs(yMulti))]);
        maxAbsError = Math.max(maxAbsError, err.dataSync()[0]);
        maxY = Math.max(maxY, ymax.dataSync()[0]);
        tf.dispose([err, ymax]);
      }
      tf.dispose([x, yMulti, yFused]);
    }
    disposeFusedConv(fused);
    const tolerance = FUSION_TOLERANCE * Math.max(1, maxY);
    const ok = problem === undefined && Number.isFinite(maxAbsError) && maxAbsError <= tolerance;
    return problem === undefined ? { maxAbsError, tolerance, ok } : { maxAbsError, tolerance, ok, problem };
  } catch (err) {
    return { maxAbsError: Infinity, tolerance: FUSION_TOLERANCE, ok: false, problem: (err as Error).message };
  } finally {
    slot?.dispose();
    // A failing op must not leave tensors behind for the next case.
    const leaked = tf.memory().numTensors - before;
    if (leaked > 0) console.warn(`verifyFusion: ${leaked} tensors leaked while checking ${ops.map((o) => o.id).join('+')}`);
  }
}

function* gridSpecs(grid: FusionGrid): Generator<SlotSpec> {
  for (const k of grid.ks)
    for (const stride of grid.strides)
      for (const groups of grid.groups)
        for (const [cin, cout] of grid.channels) {
          if (cin % groups !== 0 || cout % groups !== 0) continue;
          yield { cin, cout, k, stride, groups };
        }
}

/**
 * The conformance check for Rep-op authors: each op alone, over a grid of slot shapes where it
 * applies, multi-branch (eval mode) vs fused; optionally also all the given ops together in one
 * slot for each aggregation mode. Shapes where an op does not apply are skipped.
 *
 * @example
 * ```ts
 * const report = verifyFusion(myOp);
 * if (!report.ok) console.table(report.results.filter((r) => !r.ok));
 * ```
 */
export function verifyFusion(ops: RepOp | readonly RepOp[], options: VerifyFusionOptions = {}): FusionReport {
  const list = Array.isArray(ops) ? (ops as readonly RepOp[]) : [ops as RepOp];
  const grid = options.grid ?? DEFAULT_FUSION_GRID;
  const rng = new Rng(options.seed ?? 0);
  const results: FusionCase[] = [];
  for (const spec of gridSpecs(grid)) {
    for (const op of list) {
      if (!op.appliesTo(spec).ok) continue;
      const r = checkSlotFusion(spec, [op], 'sum', grid.inputs, rng);
      results.push({ op: op.id, ops: [op.id], aggregation: 'sum', ...spec, ...r });
    }
    for (const aggregation of options.combinations ?? []) {
      const applicable = list.filter((op) => op.appliesTo(spec).ok);
      if (applicable.length === 0) continue;
      const r = checkSlotFusion(spec, applicable, aggregation, grid.inputs, rng);
      results.push({ op: 'all', ops: applicable.map((o) => o.id), aggregation, ...spec, ...r });
    }
  }
  return { ok: results.every((r) => r.ok), results };
}
