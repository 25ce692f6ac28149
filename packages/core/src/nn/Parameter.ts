import type * as tf from '@tensorflow/tfjs';
import type { BatchNorm } from './BatchNorm.js';

/**
 * What a parameter is for. Trainers use it (no weight decay on BN and biases, running statistics are
 * not trained); the fusion conformance check uses it to randomise every parameter sensibly.
 */
export type ParameterRole =
  | 'weight'
  | 'bias'
  | 'scale'
  | 'bn-gamma'
  | 'bn-beta'
  | 'bn-mean'
  | 'bn-var';

/** One named tensor variable of a module. */
export interface Parameter {
  /** Unique within a network, `/`-separated path (`layer1.0/slot1/conv_1x1/bn/gamma`). */
  readonly name: string;
  readonly variable: tf.Variable;
  readonly role: ParameterRole;
  /** The batch norm a running statistic belongs to (roles `bn-mean`, `bn-var`): how a network's BNs are found. */
  readonly batchNorm?: BatchNorm;
}

/** Whether the optimizer updates this parameter (BN running statistics are updated by the forward pass). */
export function isTrainable(p: Parameter): boolean {
  return p.role !== 'bn-mean' && p.role !== 'bn-var';
}

/** Whether weight decay applies: convolution and dense weights only, never BN or biases. */
export function takesWeightDecay(p: Parameter): boolean {
  return p.role === 'weight';
}
