import * as tf from '@tensorflow/tfjs';

/**
 * Mean softmax cross-entropy of `logits` `[n, classes]` against integer `labels` `[n]`, with label
 * smoothing ε (targets (1 − ε)·onehot + ε/classes).
 */
export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D, labelSmoothing = 0): tf.Scalar {
  return tf.tidy(() => {
    const classes = logits.shape[1];
    let target = tf.oneHot(tf.cast(labels, 'int32'), classes) as tf.Tensor2D;
    if (labelSmoothing > 0) target = tf.add(tf.mul(target, 1 - labelSmoothing), labelSmoothing / classes) as tf.Tensor2D;
    return tf.neg(tf.mean(tf.sum(tf.mul(target, tf.logSoftmax(logits)), 1))) as tf.Scalar;
  });
}

/** Number of rows whose arg-max equals the label. */
export function countCorrect(logits: tf.Tensor2D, labels: tf.Tensor1D): number {
  return tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.cast(labels, 'int32')), 'int32')).dataSync()[0]);
}
