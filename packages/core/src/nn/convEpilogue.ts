import * as tf from '@tensorflow/tfjs';
import type { Epilogue } from './Epilogue.js';
import type { Padding } from './Padding.js';

/** Name of the backend kernel `relu(conv(x)·scale + shift + residual)`; the native backend has one. */
export const CONV_EPILOGUE_KERNEL = 'ReparamConvEpilogue';

/** Per-output-channel `y·scale + shift` after a convolution: BN in eval mode. */
export interface ChannelAffine {
  readonly scale: tf.Tensor1D;
  readonly shift: tf.Tensor1D;
}

/**
 * Whether {@link convEpilogue} can run now: the backend registers the kernel and no gradient is
 * being recorded (the kernel has no gradient; training and gradient-based tools take the separate ops).
 */
export function convEpilogueAvailable(): boolean {
  return tf.engine().state.gradientDepth === 0 && tf.getKernel(CONV_EPILOGUE_KERNEL, tf.getBackend()) !== undefined;
}

/**
 * `relu(conv(x, kernel)·scale + shift + residual)` (ungrouped NHWC convolution with explicit
 * padding) as one backend kernel, or undefined when {@link convEpilogueAvailable} says no; the
 * caller then runs the separate ops.
 */
export function convEpilogue(
  x: tf.Tensor4D,
  kernel: tf.Tensor4D,
  stride: number,
  padding: Padding,
  affine: ChannelAffine | undefined,
  epilogue: Epilogue | undefined,
): tf.Tensor4D | undefined {
  if (!convEpilogueAvailable()) return undefined;
  const [top, bottom, left, right] = padding;
  const inputs: Record<string, tf.Tensor> = { x, filter: kernel };
  if (affine) Object.assign(inputs, { scale: affine.scale, shift: affine.shift });
  if (epilogue?.residual) inputs.residual = epilogue.residual;
  const attrs = { strides: stride, pad: [[0, 0], [top, bottom], [left, right], [0, 0]], relu: epilogue?.relu ?? false };
  return tf.engine().runKernel(CONV_EPILOGUE_KERNEL, inputs as tf.NamedTensorMap, attrs as unknown as tf.NamedAttrMap) as tf.Tensor4D;
}
