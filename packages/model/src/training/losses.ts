import * as tf from '@tensorflow/tfjs-core';

/**
 * Mean sigmoid cross-entropy of logits against a constant label, in the stable form
 * max(x,0) - x*z + log(1 + e^-|x|).
 *
 * @param logits The discriminator's patch map.
 * @param label 1 for real, 0 for generated.
 */
export function sigmoidCrossEntropy(logits: tf.Tensor, label: 0 | 1): tf.Scalar {
  return tf.tidy(() => {
    const stable = tf.add(tf.sub(tf.relu(logits), tf.mul(logits, label)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
    return tf.mean(stable);
  });
}

/** G's loss and its two terms (scalars the caller disposes). */
export interface GeneratorLoss {
  gan: tf.Scalar;
  l1: tf.Scalar;
  total: tf.Scalar;
}

/**
 * G: fool D on every patch, plus lambda * mean |target - output| (the paper's lambda is 100).
 *
 * @param fakeLogits D's patch map on the generated pair.
 * @param output The generator's a*b*; `target` the photo's, same shape.
 * @param lambda Weight of the L1 term.
 */
export function generatorLoss(fakeLogits: tf.Tensor, output: tf.Tensor, target: tf.Tensor, lambda: number): GeneratorLoss {
  const gan = sigmoidCrossEntropy(fakeLogits, 1);
  const l1 = tf.tidy(() => tf.mean(tf.abs(tf.sub(target, output))) as tf.Scalar);
  return { gan, l1, total: tf.tidy(() => tf.add(gan, tf.mul(l1, lambda))) };
}

/** D's loss and its two terms (scalars the caller disposes). */
export interface DiscriminatorLoss {
  real: tf.Scalar;
  fake: tf.Scalar;
  total: tf.Scalar;
}

/**
 * D: real pairs to 1, generated pairs to 0. The TensorFlow tutorial sums the two; the PyTorch
 * reference halves the sum to slow D down relative to G (factor 0.5).
 *
 * @param realLogits D's patch map on the real pair; `fakeLogits` on the generated one.
 * @param factor Scale of the sum.
 */
export function discriminatorLoss(realLogits: tf.Tensor, fakeLogits: tf.Tensor, factor = 1): DiscriminatorLoss {
  const real = sigmoidCrossEntropy(realLogits, 1);
  const fake = sigmoidCrossEntropy(fakeLogits, 0);
  return { real, fake, total: tf.tidy(() => tf.mul(tf.add(real, fake), factor)) };
}
