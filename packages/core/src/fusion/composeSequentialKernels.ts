import * as tf from '@tensorflow/tfjs';

/**
 * The kernel of two bias-free convolutions in a row, `second(first(x))` with `first` at stride 1 and
 * the map between them zero-padded: one (h1 + h2 − 1)×(w1 + w2 − 1) kernel, the full correlation of
 * the two kernels contracted over the middle channels. Both have `groups` groups (the middle
 * channels are split like the outputs of `first`). Differentiable in both kernels, so online
 * re-parameterization trains through it; {@link composeSequentialConvs} adds the biases.
 */
export function composeSequentialKernels(first: tf.Tensor4D, second: tf.Tensor4D, groups = 1): tf.Tensor4D {
  const [, , , cmid] = first.shape;
  const [, , cmidG] = second.shape;
  if (cmid !== cmidG * groups) {
    throw new Error(`cannot compose: first has ${cmid} outputs, second reads ${cmidG}×${groups} groups`);
  }
  return tf.tidy(() => {
    if (groups === 1) return composeOneGroup(first, second);
    const k1s = tf.split(first, groups, 3) as tf.Tensor4D[];
    const k2s = tf.split(second, groups, 3) as tf.Tensor4D[];
    return tf.concat(
      k1s.map((k1, g) => composeOneGroup(k1, k2s[g])),
      3,
    ) as tf.Tensor4D;
  });
}

function composeOneGroup(k1: tf.Tensor4D, k2: tf.Tensor4D): tf.Tensor4D {
  const [h1, w1, cin, cmid] = k1.shape;
  const [h2, w2, , cout] = k2.shape;
  // A 1×1 first stage (most sequential ops): K[y,x,i,o] = Σm K1[0,0,i,m]·K2[y,x,m,o], which is K1's
  // matrix times every tap of K2 — one matMul, broadcast over the taps, with no reshape either way.
  if (h1 === 1 && w1 === 1) return tapProducts(k1, k2);
  // Otherwise each tap's product is a h1×w1 kernel, shifted to the tap's position.
  const products = tapProducts(tf.reshape(k1, [1, 1, h1 * w1 * cin, cmid]), k2);
  const parts: tf.Tensor4D[] = [];
  for (let y = 0; y < h2; y++) {
    for (let x = 0; x < w2; x++) {
      const contrib = tf.reshape(tf.slice(products, [y, x, 0, 0], [1, 1, h1 * w1 * cin, cout]), [h1, w1, cin, cout]) as tf.Tensor4D;
      parts.push(
        tf.pad(contrib, [
          [y, h2 - 1 - y],
          [x, w2 - 1 - x],
          [0, 0],
          [0, 0],
        ]),
      );
    }
  }
  return (parts.length === 1 ? parts[0] : tf.addN(parts)) as tf.Tensor4D;
}

/**
 * `a · b[y, x]` for every tap (`a` [1, 1, r, m], `b` [h, w, m, o] → [h, w, r, o]): one matMul
 * broadcasting `a` over the taps. tfjs cannot differentiate a broadcasting matMul, so the gradient is
 * spelled out — and it needs neither tiles nor transposes, which the cpu-family backends run slowly.
 */
const tapProducts = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [a, b, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
  save([a, b]);
  return {
    value: tf.matMul(a, b),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sa, sb] = saved as tf.Tensor4D[];
      const d = dy as tf.Tensor4D;
      // d/da = Σ over taps of dy·bᵀ (a was used by every tap); d/db = aᵀ·dy per tap.
      return [tf.sum(tf.matMul(d, sb, false, true), [0, 1], true), tf.matMul(sa, d, true, false)];
    },
  };
}) as (a: tf.Tensor4D, b: tf.Tensor4D) => tf.Tensor4D;
