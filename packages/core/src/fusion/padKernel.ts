import * as tf from '@tensorflow/tfjs';

/**
 * Zero-pads a smaller kernel (1×1, 1×k, k×1) to kh×kw, centred, so that it samples the same pixels
 * inside a kh×kw conv with centre padding. Both size differences must be even.
 */
export function padKernel(kernel: tf.Tensor4D, kh: number, kw: number): tf.Tensor4D {
  const [h, w] = kernel.shape;
  const dh = kh - h;
  const dw = kw - w;
  if (dh < 0 || dw < 0 || dh % 2 !== 0 || dw % 2 !== 0) {
    throw new Error(`cannot centre a ${h}×${w} kernel in ${kh}×${kw}`);
  }
  if (dh === 0 && dw === 0) return tf.clone(kernel);
  return tf.pad(kernel, [
    [dh / 2, dh / 2],
    [dw / 2, dw / 2],
    [0, 0],
    [0, 0],
  ]);
}
