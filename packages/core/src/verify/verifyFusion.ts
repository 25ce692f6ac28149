import * as tf from '@tensorflow/tfjs';
import { applyFusedConv } from '../fusion/applyFusedConv.js';
import { disposeFusedConv } from '../fusion/FusedConv.js';
import type { RepOp } from '../op/RepOp.js';
import { Rng } from '../rng.js';
import type { AggregationMode } from '../slot/AggregationMode.js';
import { onlineAggregation, whyNotLinear } from '../slot/aggregation/onlineAggregation.js';
import { sumAggregation } from '../slot/aggregation/sumAggregation.js';
import { RepSlot } from '../slot/RepSlot.js';
import type { SlotSpec } from '../slot/SlotSpec.js';
import { DEFAULT_FUSION_GRID, type FusionGrid, fusionGridShapes } from './fusionGrid.js';
import { randomizeParameters } from './randomizeParameters.js';

/** One checked (op set, slot shape, aggregation). */
export interface FusionCase {
  /** The op id, or `all` for every applicable op of the checked list together. */
  readonly op: string;
  readonly ops: readonly string[];
  /** Id of the aggregation mode. */
  readonly aggregation: string;
  readonly k: number;
  readonly stride: number;
  readonly groups: number;
  readonly cin: number;
  readonly cout: number;
  /**
   * max |slot − fused| over the inputs, eval mode, float32, where the slot is computed both by its
   * forward pass and branch by branch (they differ under `online`, whose forward merges kernels).
   */
  readonly maxAbsError: number;
  /** 1e-4 · max(1, max |y|). */
  readonly tolerance: number;
  readonly ok: boolean;
  /** Why the case failed other than by error size (e.g. shape mismatch or a thrown error). */
  readonly problem?: string;
}

/** An (op, mode) pair a fusion check left out, and why (an op without a linear form under `online`). */
export interface SkippedFusionCheck {
  readonly op: string;
  readonly aggregation: string;
  readonly reason: string;
}

/** The result of a fusion check. */
export interface FusionReport {
  readonly ok: boolean;
  readonly results: FusionCase[];
  /** What was not checked, and why; empty when every op was checked in every mode asked for. */
  readonly skipped: SkippedFusionCheck[];
}

/** Options of {@link verifyFusion}. */
export interface VerifyFusionOptions {
  readonly grid?: FusionGrid;
  readonly seed?: number;
  /**
   * The modes each op is checked in alone (default: `sum` and `online`). An op without a linear
   * form is not checked under `online`, and the report says so in `skipped`.
   */
  readonly aggregations?: readonly AggregationMode[];
  /** Also check every applicable op of the list together in one slot, for these modes (default: none). */
  readonly combinations?: readonly AggregationMode[];
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
  aggregation: AggregationMode,
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
      const yForward = slot.forward(x, false);
      const parts = slot.branchOutputs(x, false);
      const yFused = applyFusedConv(x, fused, spec.stride, spec.groups);
      for (const [what, y] of [['multi-branch', yForward], ['branch by branch', parts.output]] as const) {
        if (y.shape.join() !== yFused.shape.join()) {
          problem ??= `shape ${y.shape.join('×')} (${what}) vs ${yFused.shape.join('×')} (fused)`;
          maxAbsError = Infinity;
          continue;
        }
        const [err, ymax] = tf.tidy(() => [tf.max(tf.abs(tf.sub(y, yFused))), tf.max(tf.abs(y))]);
        maxAbsError = Math.max(maxAbsError, err.dataSync()[0]);
        maxY = Math.max(maxY, ymax.dataSync()[0]);
        tf.dispose([err, ymax]);
      }
      tf.dispose([x, yForward, yFused, parts.output, parts.sum, ...parts.branches.map((b) => b.output)]);
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

/**
 * The conformance check for Rep-op authors: each op alone, over a grid of slot shapes where it
 * applies, multi-branch (eval mode) vs fused, in `sum` and `online` (which checks the op's linear
 * form: its merged kernel against its stage-by-stage computation); optionally also all the given
 * ops together in one slot for each aggregation mode. Shapes where an op does not apply are skipped.
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
  const aggregations = options.aggregations ?? [sumAggregation, onlineAggregation];
  const combinations = options.combinations ?? [];
  // Only online needs a linear form; an op without one is left out of online checks, and said so.
  const trainable = (op: RepOp, mode: AggregationMode) => mode.id !== onlineAggregation.id || whyNotLinear(op) === undefined;
  const skipped: SkippedFusionCheck[] = [];
  for (const mode of new Set([...aggregations, ...combinations])) {
    for (const op of list) if (!trainable(op, mode)) skipped.push({ op: op.id, aggregation: mode.id, reason: whyNotLinear(op)! });
  }
  const results: FusionCase[] = [];
  for (const spec of fusionGridShapes(grid)) {
    for (const op of list) {
      if (!op.appliesTo(spec).ok) continue;
      for (const mode of aggregations) {
        if (!trainable(op, mode)) continue;
        const r = checkSlotFusion(spec, [op], mode, grid.inputs, rng);
        results.push({ op: op.id, ops: [op.id], aggregation: mode.id, ...spec, ...r });
      }
    }
    for (const mode of combinations) {
      const applicable = list.filter((op) => op.appliesTo(spec).ok && trainable(op, mode));
      if (applicable.length === 0) continue;
      const r = checkSlotFusion(spec, applicable, mode, grid.inputs, rng);
      results.push({ op: 'all', ops: applicable.map((o) => o.id), aggregation: mode.id, ...spec, ...r });
    }
  }
  return { ok: results.every((r) => r.ok), results, skipped };
}
