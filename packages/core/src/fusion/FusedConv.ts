import * as tf from '@tensorflow/tfjs';

/**
 * A convolution with bias, the currency of fusion: every branch folds to one, and a whole slot folds
 * to one.
 *
 * `kernel` is in grouped form `[kh, kw, cin / groups, cout]` (output channel `o` belongs to group
 * `floor(o / (cout / groups))`); use {@link blockDiagonal} for the dense `[kh, kw, cin, cout]` form.
 */
export interface FusedConv {
  readonly kernel: tf.Tensor4D;
  readonly bias: tf.Tensor1D;
}

/** Disposes both tensors of a {@link FusedConv}. */
export function disposeFusedConv(f: FusedConv): void {
  f.kernel.dispose();
  f.bias.dispose();
}

/** `tf.tidy` for code that returns a {@link FusedConv}: keeps the result, frees every intermediate. */
export function tidyFused(fn: () => FusedConv): FusedConv {
  return tf.tidy(() => {
    const { kernel, bias } = fn();
    return { kernel, bias };
  });
}
