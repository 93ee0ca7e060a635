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
 * mask. Built with tensor ops (one average pool per patch side, then gathers), so the target is
 * never read back from the GPU.
 *
 * @param target The truth's a*b* [batch, h, w, 2], scaled as the model's output.
 * @param patches From drawHintPatches.
 * @returns [batch, h, w, 3]: hint a*, hint b*, mask (the channels after L* of a hints model's input).
 */
export function hintChannels(target: tf.Tensor4D, patches: readonly HintPatch[]): tf.Tensor4D {
  const [batch, h, w] = target.shape;
  // Per pixel, which row of `rows` (below) paints it: 0 is no hint; later patches overwrite.
  const owner = new Int32Array(batch * h * w);
  const mask = new Float32Array(batch * h * w);
  return tf.tidy(() => {
    const rows: tf.Tensor2D[] = [tf.zeros([1, 2])];
    let next = 1;
    const rowOf = new Int32Array(patches.length);
    for (const side of new Set(patches.map((p) => p.side))) {
      const group = patches.map((p, k) => ({ p, k })).filter(({ p }) => p.side === side);
      // Every patch's mean of this side at once; a patch's is at its top-left corner.
      const [ph, pw] = [h - side + 1, w - side + 1];
      const means = tf.reshape(tf.avgPool(target, side, 1, 'valid'), [batch * ph * pw, 2]);
      const at = group.map(({ p }) => (p.image * ph + p.top) * pw + p.left);
      rows.push(tf.gather(means, tf.tensor1d(at, 'int32')) as tf.Tensor2D);
      for (const { k } of group) rowOf[k] = next++;
    }
    patches.forEach((p, k) => {
      for (let y = p.top; y < p.top + p.side; y++) {
        const start = (p.image * h + y) * w + p.left;
        owner.fill(rowOf[k]!, start, start + p.side);
        mask.fill(1, start, start + p.side);
      }
    });
    const ab = tf.reshape(tf.gather(tf.concat(rows, 0), tf.tensor1d(owner, 'int32')), [batch, h, w, 2]);
    return tf.concat([ab, tf.tensor4d(mask, [batch, h, w, 1])], 3) as tf.Tensor4D;
  });
}
