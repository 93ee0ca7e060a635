import * as tf from '@tensorflow/tfjs-core';
import { jitter } from './augment.js';
import { assert } from './errors.js';
import type { RgbaImage } from './image.js';
import { labBatch, labTensor } from './lab-tensor.js';

/**
 * One training batch: `batch` photos drawn at random, jittered as the paper does, split into L*
 * and a*b* scaled to [-1, 1]. The caller disposes both tensors.
 *
 * @param photos Colour photos, each at least `size` pixels on both sides.
 * @param batch Photos per batch (1 or more).
 * @param size The square the model trains at.
 * @param random A seeded source (seededRandom) so a run repeats.
 * @throws ColorizeError `invalid_option` with no photos or a batch below 1.
 */
export function trainingBatch(photos: readonly RgbaImage[], batch: number, size: number, random: () => number): { input: tf.Tensor4D; target: tf.Tensor4D } {
  assert(photos.length > 0, 'invalid_option', () => 'A training batch needs at least one photo.');
  assert(Number.isInteger(batch) && batch >= 1, 'invalid_option', () => `The batch size must be a whole number from 1, got ${batch}.`);
  return pairBatch(Array.from({ length: batch }, () => photos[Math.floor(random() * photos.length)]!), size, random);
}

/** These images, all of one size, as one jittered batch of L* and a*b* (trainingBatch without the draw). */
export function pairBatch(images: readonly RgbaImage[], size: number, random: () => number): { input: tf.Tensor4D; target: tf.Tensor4D } {
  const stacked = tf.tidy(() => jitter(tf.stack(images.map((p) => labTensor(p))) as tf.Tensor4D, size, random));
  const pair = labBatch(stacked);
  stacked.dispose();
  return pair;
}
