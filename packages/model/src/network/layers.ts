import * as tf from '@tensorflow/tfjs-core';
import { BN_EPSILON, BN_MOMENTUM, param, type ParamMap } from './params.js';

/** How BatchNorm normalises in a forward pass. */
export interface NormMode {
  /**
   * 'batch': the statistics of the tensor being normalised (training, and the paper's
   * inference, which normalises with the test image's own statistics); 'moving': the
   * running averages gathered in training.
   */
  normalization: 'batch' | 'moving';
  /** Fold this batch's statistics into the running averages (training only). */
  updateMovingStats: boolean;
}

export function batchNorm(params: ParamMap, name: string, x: tf.Tensor4D, mode: NormMode): tf.Tensor4D {
  const gamma = param(params, `${name}/gamma`);
  const beta = param(params, `${name}/beta`);
  const movingMean = param(params, `${name}/moving_mean`);
  const movingVar = param(params, `${name}/moving_variance`);
  if (mode.normalization === 'moving') {
    return tf.batchNorm4d(x, movingMean as tf.Tensor1D, movingVar as tf.Tensor1D, beta as tf.Tensor1D, gamma as tf.Tensor1D, BN_EPSILON);
  }
  const { mean, variance } = tf.moments(x, [0, 1, 2]);
  if (mode.updateMovingStats) {
    // Keras's update, with the unbiased variance as Keras and PyTorch both store it.
    const n = x.shape[0] * x.shape[1] * x.shape[2];
    const unbiased = n > 1 ? tf.mul(variance, n / (n - 1)) : variance;
    movingMean.assign(tf.add(tf.mul(movingMean, BN_MOMENTUM), tf.mul(mean, 1 - BN_MOMENTUM)));
    movingVar.assign(tf.add(tf.mul(movingVar, BN_MOMENTUM), tf.mul(unbiased, 1 - BN_MOMENTUM)));
  }
  return tf.batchNorm4d(x, mean as tf.Tensor1D, variance as tf.Tensor1D, beta as tf.Tensor1D, gamma as tf.Tensor1D, BN_EPSILON);
}

/** Conv 4x4, stride 2, 'same' padding, no bias (BatchNorm follows, or it is the first block). */
export function downConv(params: ParamMap, name: string, x: tf.Tensor4D): tf.Tensor4D {
  return tf.conv2d(x, param(params, `${name}/kernel`) as tf.Tensor4D, 2, 'same');
}

/** ConvTranspose 4x4, stride 2, 'same' padding: doubles height and width. Kernel is [4, 4, out, in]. */
export function upConv(params: ParamMap, name: string, x: tf.Tensor4D): tf.Tensor4D {
  const kernel = param(params, `${name}/kernel`) as tf.Tensor4D;
  const [b, h, w] = x.shape;
  return tf.conv2dTranspose(x, kernel, [b, h * 2, w * 2, kernel.shape[2]], 2, 'same');
}

export const LEAKY_SLOPE = 0.2;
