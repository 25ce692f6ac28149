import * as tf from '@tensorflow/tfjs';
import { centrePadding } from '../nn/Padding.js';
import { groupedConv2d } from '../nn/groupedConv2d.js';
import type { FusedConv } from './FusedConv.js';

/** Runs a fused slot: one conv with centre padding, stride and groups, plus bias. */
export function applyFusedConv(x: tf.Tensor4D, fused: FusedConv, stride: number, groups = 1): tf.Tensor4D {
  return tf.tidy(() => {
    const [kh, kw] = fused.kernel.shape;
    return tf.add(groupedConv2d(x, fused.kernel, stride, centrePadding(kh, kw), groups), fused.bias) as tf.Tensor4D;
  });
}
