import { ReparamError } from '../errors.js';

/**
 * The shape of one convolution slot: what every branch of the slot maps, and what the fused
 * convolution will be (k×k, stride, groups, with bias).
 */
export interface SlotSpec {
  /** Input channels. */
  readonly cin: number;
  /** Output channels. */
  readonly cout: number;
  /** Kernel size of the main (and fused) convolution; odd. */
  readonly k: number;
  /** Stride, 1 or 2. */
  readonly stride: number;
  /** Convolution groups; divides both `cin` and `cout`. */
  readonly groups: number;
}

/** Throws a {@link ReparamError} naming the first field of `spec` that is not a valid slot. */
export function validateSlotSpec(spec: SlotSpec): SlotSpec {
  const { cin, cout, k, stride, groups } = spec;
  const positiveInt = (v: number) => Number.isInteger(v) && v > 0;
  if (!positiveInt(cin)) throw new ReparamError(`slot cin must be a positive integer, got ${cin}`);
  if (!positiveInt(cout)) throw new ReparamError(`slot cout must be a positive integer, got ${cout}`);
  if (!positiveInt(k) || k % 2 === 0) throw new ReparamError(`slot kernel size k must be an odd positive integer, got ${k}`);
  if (stride !== 1 && stride !== 2) throw new ReparamError(`slot stride must be 1 or 2, got ${stride}`);
  if (!positiveInt(groups) || cin % groups !== 0 || cout % groups !== 0) {
    throw new ReparamError(`slot groups must divide cin (${cin}) and cout (${cout}), got ${groups}`);
  }
  return spec;
}

/** Output size along one axis: PyTorch geometry with symmetric padding k//2, floor((n − 1)/s) + 1. */
export function slotOutputSize(n: number, stride: number): number {
  return Math.floor((n - 1) / stride) + 1;
}

/** A short human-readable description, used in messages: `cin 4 → cout 8, k 3, stride 2, groups 1`. */
export function describeSlot(spec: SlotSpec): string {
  return `cin ${spec.cin} → cout ${spec.cout}, k ${spec.k}, stride ${spec.stride}, groups ${spec.groups}`;
}
