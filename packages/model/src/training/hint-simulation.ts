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
 *
 * Recolouring: hints from the truth always agree with the photo, so a model trained on them alone
 * reads one saturated hint as news about the whole photo (a red hint tinted a cat's face 150 px
 * away). So in every image with hints, the first hint asks for another colour, a uniformly random
 * hue at a chroma uniform in 0 to RECOLOUR_CHROMA (as saturated as the picks users make), and the
 * target is recoloured to match around it: each pixel moves towards that colour by
 * w = exp(-d^2 / 2 (RECOLOUR_REACH * side)^2) * exp(-dL^2 / 2 RECOLOUR_TONE^2), d its distance to the
 * hint's centre, dL its L* minus the hint's mean L* (model scale). The weight reads only what the
 * model sees, so it can learn it: follow a hint over the surface it sits on, leave the rest as it
 * was. Every hint is then painted from the recoloured target.
 */
import * as tf from '@tensorflow/tfjs-core';
import { MAX_HINT_PATCH } from '../inference/hints.js';

/** Chance that an image's hints stop at each draw (the 1/8 of Zhang et al.'s geometric count). */
export const HINT_STOP = 1 / 8;

/** How far a recolour reaches: the spatial sigma, a fraction of the image's longer side. */
export const RECOLOUR_REACH = 1 / 8;
/** How far in tone a recolour reaches: the L* sigma in model scale (L* / 50 - 1), 10 L* units. */
export const RECOLOUR_TONE = 0.2;
/** The largest chroma a recolour asks for, scaled as the target (a*b* / AB_SCALE): 88 units. */
export const RECOLOUR_CHROMA = 0.8;

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

/** One recoloured image and the colour its first hint asks for, scaled as the target. */
export interface Recolour {
  /** The recoloured image's index in the batch. */
  image: number;
  a: number;
  b: number;
}

/**
 * Draw the recolours of a batch, after its hints: per image that has a hint, in order, a hue and
 * then a chroma, each uniform.
 *
 * @param patches From drawHintPatches.
 * @param batch Images in the batch.
 * @param random The session's seeded source.
 */
export function drawRecolours(patches: readonly HintPatch[], batch: number, random: () => number): Recolour[] {
  const hinted = new Set(patches.map((p) => p.image));
  const recolours: Recolour[] = [];
  for (let image = 0; image < batch; image++) {
    if (!hinted.has(image)) continue;
    const hue = 2 * Math.PI * random();
    const chroma = RECOLOUR_CHROMA * random();
    recolours.push({ image, a: chroma * Math.cos(hue), b: chroma * Math.sin(hue) });
  }
  return recolours;
}

/**
 * The training target with each recolour applied (see the module's doc).
 *
 * @param lightness The batch's L* [batch, h, w, 1], model scale.
 * @param target The truth's a*b* [batch, h, w, 2], scaled as the model's output.
 * @param patches From drawHintPatches.
 * @param recolours From drawRecolours.
 * @returns A new [batch, h, w, 2] tensor; the caller disposes it.
 */
export function recolourTarget(lightness: tf.Tensor4D, target: tf.Tensor4D, patches: readonly HintPatch[], recolours: readonly Recolour[]): tf.Tensor4D {
  const [, h, w] = target.shape;
  const first = firstPatches(patches);
  const reach = RECOLOUR_REACH * Math.max(h, w);
  return tf.tidy(() => {
    const images = tf.unstack(target) as tf.Tensor3D[];
    const rows = tf.reshape(tf.range(0, h), [h, 1, 1]);
    const cols = tf.reshape(tf.range(0, w), [1, w, 1]);
    for (const r of recolours) {
      const seed = first.get(r.image)!;
      const colour = tf.tensor1d([r.a, r.b]);
      const tone = tf.mean(tf.slice(lightness, [r.image, seed.top, seed.left, 0], [1, seed.side, seed.side, 1]));
      const [cy, cx] = [seed.top + (seed.side - 1) / 2, seed.left + (seed.side - 1) / 2];
      const l = tf.reshape(tf.slice(lightness, [r.image, 0, 0, 0], [1, h, w, 1]), [h, w, 1]);
      const distance = tf.div(tf.add(tf.square(tf.sub(rows, cy)), tf.square(tf.sub(cols, cx))), 2 * reach ** 2);
      const weight = tf.exp(tf.neg(tf.add(distance, tf.div(tf.square(tf.sub(l, tone)), 2 * RECOLOUR_TONE ** 2))));
      images[r.image] = tf.add(images[r.image]!, tf.mul(weight, tf.sub(colour, images[r.image]!)));
    }
    return tf.stack(images) as tf.Tensor4D;
  });
}

/** Each image's first hint, the one a recolour moves. */
function firstPatches(patches: readonly HintPatch[]): Map<number, HintPatch> {
  const first = new Map<number, HintPatch>();
  for (const p of patches) if (!first.has(p.image)) first.set(p.image, p);
  return first;
}
