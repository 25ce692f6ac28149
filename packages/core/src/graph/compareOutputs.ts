import { FUSION_TOLERANCE } from '../verify/verifyFusion.js';

/** How far one runtime's outputs are from the reference (multi-branch, eval mode). */
export interface OutputAgreement {
  /** max |reference − other|. */
  readonly maxAbsError: number;
  /** max |reference|. */
  readonly maxAbsReference: number;
  /** The fusion tolerance: 1e-4 · max(1, max |reference|). */
  readonly tolerance: number;
  readonly ok: boolean;
}

/** Compares two outputs of the same shape (flattened) against the fusion tolerance. */
export function compareOutputs(reference: ArrayLike<number>, other: ArrayLike<number>): OutputAgreement {
  if (reference.length !== other.length) throw new Error(`cannot compare outputs of ${reference.length} and ${other.length} values`);
  let maxAbsError = 0;
  let maxAbsReference = 0;
  for (let i = 0; i < reference.length; i++) {
    const d = Math.abs(reference[i] - other[i]);
    // NaN must fail, not vanish in Math.max.
    maxAbsError = Number.isNaN(d) ? Infinity : Math.max(maxAbsError, d);
    maxAbsReference = Math.max(maxAbsReference, Math.abs(reference[i]));
  }
  const tolerance = FUSION_TOLERANCE * Math.max(1, maxAbsReference);
  return { maxAbsError, maxAbsReference, tolerance, ok: maxAbsError <= tolerance };
}
