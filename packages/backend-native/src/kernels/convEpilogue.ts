import * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { CONV_EPILOGUE_KERNEL } from '@reparam/core';
import { nativeAddon } from '../addon.js';
import { conv2dConfig, conv2dShapeArgs } from './conv2d.js';
import { attempt } from './fallback.js';
import { alloc, allFloat32, f32, output, sizeOf } from './tensorData.js';

/** The optional parts after the convolution, as raw arrays. */
interface EpilogueArrays {
  scale: Float32Array | null;
  shift: Float32Array | null;
  residual: Float32Array | null;
  relu: boolean;
}

/** `relu(y·scale + shift + residual)` in place over NHWC `y` with `cout` channels: the path when oneDNN refuses a geometry. */
function epilogueInPlace(y: Float32Array, cout: number, e: EpilogueArrays): void {
  for (let i = 0; i < y.length; i += cout) {
    for (let c = 0; c < cout; c++) {
      let v = y[i + c];
      if (e.scale) v *= e.scale[c];
      if (e.shift) v += e.shift[c];
      if (e.residual) v += e.residual[i + c];
      y[i + c] = e.relu && v < 0 ? 0 : v;
    }
  }
}

/**
 * An NHWC float32 convolution followed by the epilogue as one oneDNN primitive (post-ops), or when
 * oneDNN refuses the geometry, the backend's Conv2D kernel and a loop over its output.
 */
export function convWithEpilogue(
  backend: MathBackendCPU,
  x: tf.TensorInfo,
  filter: tf.TensorInfo,
  strides: number | [number, number],
  pad: tf.backend_util.ExplicitPadding | 'valid' | 'same' | number,
  e: EpilogueArrays,
): tf.TensorInfo {
  const c = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filter.shape as [number, number, number, number], strides, 1, pad);
  const out = alloc(backend, sizeOf(c.outShape));
  if (c.padInfo.top >= 0 && attempt(() => nativeAddon().conv2dForwardEpilogue(f32(backend, x), f32(backend, filter), out, e.scale, e.shift, e.residual, e.relu, ...conv2dShapeArgs(c)))) {
    return output(backend, c.outShape, out);
  }
  const y = conv2dConfig.kernelFunc({ inputs: { x, filter }, backend, attrs: { strides, pad, dataFormat: 'NHWC', dilations: 1 } }) as tf.TensorInfo;
  epilogueInPlace(f32(backend, y), c.outChannels, e);
  return y;
}

/** Core's `ReparamConvEpilogue`: `relu(conv(x)·scale + shift + residual)`, each part optional. */
export const convEpilogueConfig: tf.KernelConfig = {
  kernelName: CONV_EPILOGUE_KERNEL,
  backendName: 'native',
  kernelFunc: (args) => {
    const { inputs, backend, attrs } = args as unknown as {
      inputs: { x: tf.TensorInfo; filter: tf.TensorInfo; scale?: tf.TensorInfo; shift?: tf.TensorInfo; residual?: tf.TensorInfo };
      backend: MathBackendCPU;
      attrs: { strides: number; pad: tf.backend_util.ExplicitPadding; relu: boolean };
    };
    const all = [inputs.x, inputs.filter, inputs.scale, inputs.shift, inputs.residual].filter((t): t is tf.TensorInfo => t !== undefined);
    if (!allFloat32(...all)) throw new Error(`${CONV_EPILOGUE_KERNEL} takes float32 tensors only`);
    const arr = (t: tf.TensorInfo | undefined) => (t ? f32(backend, t) : null);
    return convWithEpilogue(backend, inputs.x, inputs.filter, attrs.strides, attrs.pad, {
      scale: arr(inputs.scale),
      shift: arr(inputs.shift),
      residual: arr(inputs.residual),
      relu: attrs.relu,
    });
  },
};
