import * as tf from '@tensorflow/tfjs-core';
import { jitter } from './augment.js';
import type { RgbaImage } from './image.js';
import { labBatch, labTensor } from './lab-tensor.js';

/** One training batch: `batch` photos drawn at random, jittered as the paper does, split into L and ab. */
export function trainingBatch(photos: readonly RgbaImage[], batch: number, size: number, random: () => number): { input: tf.Tensor4D; target: tf.Tensor4D } {
  const stacked = tf.tidy(() => {
    const picks = Array.from({ length: batch }, () => photos[Math.floor(random() * photos.length)]!);
    return jitter(tf.stack(picks.map((p) => labTensor(p))) as tf.Tensor4D, size, random);
  });
  const pair = labBatch(stacked);
  stacked.dispose();
  return pair;
}
