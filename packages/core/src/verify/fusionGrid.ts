import { ReparamError } from '../errors.js';
import type { RepOp } from '../op/RepOp.js';
import { type SlotSpec, validateSlotSpec } from '../slot/SlotSpec.js';

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

/** Every slot shape of the grid (pairs of channels a group count does not divide are left out). */
export function* fusionGridShapes(grid: FusionGrid): Generator<SlotSpec> {
  for (const k of grid.ks)
    for (const stride of grid.strides)
      for (const groups of grid.groups)
        for (const [cin, cout] of grid.channels) {
          if (cin % groups !== 0 || cout % groups !== 0) continue;
          yield { cin, cout, k, stride, groups };
        }
}

/** Which part of {@link DEFAULT_FUSION_GRID} to check; unset fields keep the default. */
export interface FusionGridNarrowing {
  readonly ks?: readonly number[];
  readonly strides?: readonly number[];
  readonly groups?: readonly number[];
  /** With only one of cin/cout given, the other equals it. */
  readonly cin?: number;
  readonly cout?: number;
}

/** The default grid narrowed to the requested shapes; a requested shape that is no valid slot is a ReparamError. */
export function narrowFusionGrid(n: FusionGridNarrowing): FusionGrid {
  const channels: FusionGrid['channels'] =
    n.cin !== undefined || n.cout !== undefined ? [[n.cin ?? n.cout!, n.cout ?? n.cin!]] : DEFAULT_FUSION_GRID.channels;
  const grid: FusionGrid = {
    ...DEFAULT_FUSION_GRID,
    ks: n.ks ?? DEFAULT_FUSION_GRID.ks,
    strides: n.strides ?? DEFAULT_FUSION_GRID.strides,
    groups: n.groups ?? DEFAULT_FUSION_GRID.groups,
    channels,
  };
  for (const k of grid.ks)
    for (const stride of grid.strides)
      for (const groups of grid.groups) for (const [cin, cout] of grid.channels) validateSlotSpec({ cin, cout, k, stride, groups });
  return grid;
}

/** An op asked for by name must apply to at least one shape of the grid; otherwise every reason why not. */
export function requireOpApplies(op: RepOp, grid: FusionGrid): void {
  const reasons = new Set<string>();
  for (const spec of fusionGridShapes(grid)) {
    const verdict = op.appliesTo(spec);
    if (verdict.ok) return;
    reasons.add(verdict.reason);
  }
  throw new ReparamError(`op '${op.id}' does not apply to any requested slot shape: ${[...reasons].join('; ')}`);
}
