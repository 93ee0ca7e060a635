import * as tf from '@tensorflow/tfjs-core';
import { jitter } from './augment.js';
import { assert } from '../errors.js';
import { drawHintPatches, drawRecolours, hintChannels, recolourTarget } from './hint-simulation.js';
import type { RgbaImage } from '../photo/image.js';
import { labBatch, labTensor } from './lab-tensor.js';

/**
 * One training batch: `batch` photos drawn at random, jittered as the paper does, split into L*
 * and a*b* scaled to [-1, 1]. The caller disposes both tensors.
 *
 * @param photos Colour photos, each at least `size` pixels on both sides.
 * @param batch Photos per batch (1 or more).
 * @param size The square the model trains at.
 * @param random A seeded source (seededRandom) so a run repeats.
 * @param hints For a generator with hints (its config's `hints`): the input is then L* and
 *   simulated hints (hint-simulation.ts), 4 channels, and the target recoloured where a hint asks
 *   for another colour.
 * @throws ColorizeError `invalid_option` with no photos or a batch below 1.
 */
export function trainingBatch(photos: readonly RgbaImage[], batch: number, size: number, random: () => number, hints = false): { input: tf.Tensor4D; target: tf.Tensor4D } {
  assert(photos.length > 0, 'invalid_option', () => 'A training batch needs at least one photo.');
  assert(Number.isInteger(batch) && batch >= 1, 'invalid_option', () => `The batch size must be a whole number from 1, got ${batch}.`);
  return pairBatch(Array.from({ length: batch }, () => photos[Math.floor(random() * photos.length)]!), size, random, hints);
}

/** These images, all of one size, as one jittered batch of L* (and hints) and a*b* (trainingBatch without the draw). */
export function pairBatch(images: readonly RgbaImage[], size: number, random: () => number, hints = false): { input: tf.Tensor4D; target: tf.Tensor4D } {
  const stacked = tf.tidy(() => jitter(tf.stack(images.map((p) => labTensor(p))) as tf.Tensor4D, size, random));
  const pair = labBatch(stacked);
  stacked.dispose();
  if (!hints) return pair;
  // Hints are drawn on the jittered crop: their sides are in the model's pixels, as at inference.
  const patches = drawHintPatches(images.length, size, size, random);
  const target = recolourTarget(pair.input, pair.target, patches, drawRecolours(patches, images.length, random));
  const input = tf.tidy(() => tf.concat([pair.input, hintChannels(target, patches)], 3) as tf.Tensor4D);
  tf.dispose([pair.input, pair.target]);
  return { input, target };
}
