/**
 * Simulated colour hints for training a hints model (Zhang et al. 2017): the truth's own colours
 * revealed in a few small patches, so the model learns to follow them. tools/torch-train's mirror
 * uses exactly this definition:
 * - per image a geometric number of hints, P(n = k) = (7/8)^k * 1/8 (one image in eight gets none,
 *   so the model still learns the automatic mode), drawn as n = floor(ln(u) / ln(7/8)), u in (0, 1];
 * - each a square patch of side uniform in 1..MAX_HINT_PATCH model pixels, at a uniformly random
 *   position fully inside the image;
 * - filled with the truth's mean a*b* over that patch (scaled as the target, ab / AB_SCALE), mask 1;
 *   a later hint overwrites an earlier one where they overlap.
 */
import * as tf from '@tensorflow/tfjs-core';
import { MAX_HINT_PATCH } from './hints.js';

/** Chance that an image's hints stop at each draw (the 1/8 of Zhang et al.'s geometric count). */
export const HINT_STOP = 1 / 8;

/** One simulated hint: a square patch of one image of a batch, in model pixels. */
export interface HintPatch {
  /** The image's index in the batch. */
  image: number;
  top: number;
  left: number;
  side: number;
}

/** How many hints one image gets: geometric, P(n = k) = (1 - HINT_STOP)^k * HINT_STOP. */
export function hintCount(random: () => number): number {
  const u = 1 - random(); // in (0, 1]: ln(u) is finite
  return Math.floor(Math.log(u) / Math.log(1 - HINT_STOP));
}

/**
 * Draw the hints of a batch: per image its count, then per hint its side, row and column.
 *
 * @param batch Images in the batch.
 * @param height Their height in model pixels.
 * @param width Their width.
 * @param random The session's seeded source.
 * @returns The patches, image by image, in the order they are painted.
 */
export function drawHintPatches(batch: number, height: number, width: number, random: () => number): HintPatch[] {
  const patches: HintPatch[] = [];
  for (let image = 0; image < batch; image++) {
    for (let k = hintCount(random); k > 0; k--) {
      const side = Math.min(1 + Math.floor(random() * MAX_HINT_PATCH), height, width);
      const top = Math.floor(random() * (height - side + 1));
      const left = Math.floor(random() * (width - side + 1));
      patches.push({ image, top, left, side });
    }
  }
  return patches;
}

/**
 * The hint channels of a batch: each patch filled with the target's mean a*b* over it, and the
 * mask. The means are taken with tensor ops, so the target is never read back from the GPU.
 *
 * @param target The truth's a*b* [batch, h, w, 2], scaled as the model's output.
 * @param patches From drawHintPatches.
 * @returns [batch, h, w, 3]: hint a*, hint b*, mask (the channels after L* of a hints model's input).
 */
export function hintChannels(target: tf.Tensor4D, patches: readonly HintPatch[]): tf.Tensor4D {
  const [batch, h, w] = target.shape;
  // Per pixel, which patch paints it last (k + 1; 0: none): row k + 1 of the table below.
  const owner = new Int32Array(batch * h * w);
  patches.forEach((p, k) => {
    for (let y = p.top; y < p.top + p.side; y++) owner.fill(k + 1, (p.image * h + y) * w + p.left, (p.image * h + y) * w + p.left + p.side);
  });
  return tf.tidy(() => {
    // One row per patch, (mean a*, mean b*, 1), after a row of zeros: one gather paints all three channels.
    const means = patches.map((p) => tf.mean(tf.slice(target, [p.image, p.top, p.left, 0], [1, p.side, p.side, 2]), [1, 2]));
    const rows = means.length ? tf.concat([tf.concat(means, 0), tf.ones([means.length, 1])], 1) : tf.zeros([0, 3]);
    const table = tf.concat([tf.zeros([1, 3]), rows], 0);
    return tf.reshape(tf.gather(table, tf.tensor1d(owner, 'int32')), [batch, h, w, 3]);
  });
}
