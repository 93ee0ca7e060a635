import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { trainingBatch } from './batch.js';
import { generatorConfigFor } from '../network/config.js';
import { drawHintPatches, drawRecolours, hintChannels, HINT_STOP, RECOLOUR_CHROMA, RECOLOUR_REACH, RECOLOUR_TONE, recolourTarget, type HintPatch } from './hint-simulation.js';
import { HINT_INPUT_CHANNELS, MAX_HINT_PATCH } from '../inference/hints.js';
import { labTensor } from './lab-tensor.js';
import '../node/index.js';
import { disposeParams } from '../network/params.js';
import { createDiscriminator } from '../network/patchgan.js';
import { seededRandom } from '../rng.js';
import { resizeRgba } from '../photo/image.js';
import { fixturePhotos } from '../test-fixtures.js';
import { createTrainer } from './train-step.js';
import { createGenerator } from '../network/unet.js';

/** Real photos' L* and a*b* at 48x48, scaled as the model's input and target: [n, 48, 48, 1 or 2]. */
async function realLab(n: number): Promise<{ lightness: tf.Tensor4D; target: tf.Tensor4D }> {
  const photos = (await fixturePhotos()).slice(0, n);
  const lab = tf.stack(photos.map((p) => labTensor(resizeRgba(p.image, 48, 48)))) as tf.Tensor4D;
  const [lightness, target] = tf.split(lab, [1, 2], 3) as [tf.Tensor4D, tf.Tensor4D];
  lab.dispose();
  return { lightness, target };
}

async function realTarget(n: number): Promise<tf.Tensor4D> {
  const { lightness, target } = await realLab(n);
  lightness.dispose();
  return target;
}

/** The hint planes as the definition says, by hand: each patch painted in turn with the mean of the target under it. */
function byHand(target: Float32Array, [batch, h, w]: tf.Tensor4D['shape'], patches: readonly HintPatch[]): Float32Array {
  const out = new Float32Array(batch * h * w * 3);
  for (const p of patches) {
    const mean = [0, 0];
    for (let y = p.top; y < p.top + p.side; y++) {
      for (let x = p.left; x < p.left + p.side; x++) for (let c = 0; c < 2; c++) mean[c]! += target[((p.image * h + y) * w + x) * 2 + c]! / p.side ** 2;
    }
    for (let y = p.top; y < p.top + p.side; y++) {
      for (let x = p.left; x < p.left + p.side; x++) out.set([mean[0]!, mean[1]!, 1], ((p.image * h + y) * w + x) * 3);
    }
  }
  return out;
}

describe('simulated hints (Zhang et al. 2017)', () => {
  it('gives a geometric number of hints per image, one image in eight none, sides 1 to 9, patches inside the image', () => {
    const images = 20000;
    const [h, w] = [32, 48];
    const patches = drawHintPatches(images, h, w, seededRandom(11));
    const counts = new Array<number>(images).fill(0);
    for (const p of patches) counts[p.image]!++;
    const share = (k: number) => counts.filter((c) => c === k).length / images;
    // P(n = k) = (7/8)^k / 8: about 0.125, 0.109, 0.096 (the binomial's sd here is 0.0023).
    for (const k of [0, 1, 2]) expect(Math.abs(share(k) - (1 - HINT_STOP) ** k * HINT_STOP)).toBeLessThan(0.01);
    // Mean (1 - p) / p = 7 (sd of the mean here 0.05).
    expect(Math.abs(patches.length / images - 7)).toBeLessThan(0.25);
    const sides = new Map<number, number>();
    for (const p of patches) sides.set(p.side, (sides.get(p.side) ?? 0) + 1);
    expect([...sides.keys()].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const n of sides.values()) expect(Math.abs(n / patches.length - 1 / MAX_HINT_PATCH)).toBeLessThan(0.01);
    expect(patches.every((p) => p.top >= 0 && p.left >= 0 && p.top + p.side <= h && p.left + p.side <= w)).toBe(true);
    // Positions reach both edges.
    expect(patches.some((p) => p.top === 0) && patches.some((p) => p.top + p.side === h)).toBe(true);
    expect(patches.some((p) => p.left === 0) && patches.some((p) => p.left + p.side === w)).toBe(true);
  });

  it('fills each patch with the mean a*b* of the truth under it, the later over the earlier, mask 1 there and 0 elsewhere', async () => {
    const target = await realTarget(2);
    const truth = target.dataSync() as Float32Array;
    // By hand: overlapping patches of several sides in both images, and a 1x1 one.
    const chosen: HintPatch[] = [
      { image: 0, top: 3, left: 4, side: 9 }, { image: 0, top: 6, left: 8, side: 5 }, { image: 1, top: 47, left: 0, side: 1 },
      { image: 1, top: 10, left: 10, side: 7 }, { image: 1, top: 8, left: 8, side: 7 }, { image: 0, top: 39, left: 39, side: 9 },
    ];
    const drawn = drawHintPatches(2, 48, 48, seededRandom(5));
    expect(drawn.length).toBeGreaterThan(4);
    for (const patches of [chosen, drawn]) {
      const planes = hintChannels(target, patches);
      expect(planes.shape).toEqual([2, 48, 48, 3]);
      const got = planes.dataSync();
      const want = byHand(truth, target.shape, patches);
      let worst = 0;
      got.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - want[i]!))));
      expect(worst).toBeLessThan(1e-5);
      planes.dispose();
    }
    // The overlap shows the later patch's colour, which differs from the earlier one's on a real photo.
    const planes = hintChannels(target, chosen);
    const values = planes.dataSync();
    const at = (y: number, x: number) => Array.from(values.subarray((y * 48 + x) * 3, (y * 48 + x + 1) * 3));
    expect(at(7, 9)).toEqual(at(10, 12));
    expect(at(7, 9)).not.toEqual(at(4, 5));
    expect(at(0, 0)).toEqual([0, 0, 0]);
    tf.dispose([planes, target]);
  });

  it('recolours every image that has hints, none without, in any hue up to the chroma bound', () => {
    const [images, h, w] = [20000, 32, 48];
    const random = seededRandom(13);
    const patches = drawHintPatches(images, h, w, random);
    const recolours = drawRecolours(patches, images, random);
    const hinted = new Set(patches.map((p) => p.image));
    expect(recolours.map((r) => r.image)).toEqual([...hinted].sort((a, b) => a - b));
    const chroma = recolours.map((r) => Math.hypot(r.a, r.b));
    expect(Math.max(...chroma)).toBeLessThanOrEqual(RECOLOUR_CHROMA);
    // Uniform chroma: mean half the bound (sd of the mean here 0.003); every quarter of the hue circle.
    expect(Math.abs(chroma.reduce((s, c) => s + c, 0) / chroma.length - RECOLOUR_CHROMA / 2)).toBeLessThan(0.01);
    const quarters = new Set(recolours.map((r) => Math.floor(((Math.atan2(r.b, r.a) + 2 * Math.PI) % (2 * Math.PI)) / (Math.PI / 2))));
    expect(quarters.size).toBe(4);
  });

  it("moves a recoloured image's target towards the colour asked for as the definition says, near the hint and on its tone, and no other image", async () => {
    const { lightness, target } = await realLab(3);
    const patches: HintPatch[] = [{ image: 0, top: 20, left: 14, side: 5 }, { image: 0, top: 2, left: 2, side: 3 }, { image: 2, top: 30, left: 30, side: 4 }];
    const colour = [0.45, -0.3];
    const moved = recolourTarget(lightness, target, patches, [{ image: 0, a: colour[0]!, b: colour[1]! }]);
    const [l, ab, got] = [lightness.dataSync(), target.dataSync(), moved.dataSync()];
    // By hand: the tone is image 0's mean L* under its first hint.
    let tone = 0;
    for (let y = 0; y < 5; y++) for (let x = 0; x < 5; x++) tone += l[(20 + y) * 48 + 14 + x]! / 25;
    const reach = RECOLOUR_REACH * 48;
    let worst = 0;
    for (let y = 0; y < 48; y++) {
      for (let x = 0; x < 48; x++) {
        const weight = Math.exp(-((y - 22) ** 2 + (x - 16) ** 2) / (2 * reach ** 2) - (l[y * 48 + x]! - tone) ** 2 / (2 * RECOLOUR_TONE ** 2));
        for (let c = 0; c < 2; c++) {
          const i = (y * 48 + x) * 2 + c;
          worst = Math.max(worst, Math.abs(got[i]! - (ab[i]! + weight * (colour[c]! - ab[i]!))));
        }
      }
    }
    expect(worst).toBeLessThan(1e-5);
    // Images 1 and 2 (the latter with a hint but no recolour) keep their truth exactly.
    expect(Array.from(got.subarray(48 * 48 * 2))).toEqual(Array.from(ab.subarray(48 * 48 * 2)));
    // And it did move image 0: at the hint's centre, most of the way to the colour.
    const centre = (22 * 48 + 16) * 2;
    expect(Math.hypot(got[centre]! - colour[0]!, got[centre + 1]! - colour[1]!)).toBeLessThan(0.5 * Math.hypot(ab[centre]! - colour[0]!, ab[centre + 1]! - colour[1]!));
    tf.dispose([lightness, target, moved]);
  });

  it('gives a hints model a 4-channel batch, L* first, and a tiny one trains on it without leaking a tensor', async () => {
    const photos = (await fixturePhotos()).map((p) => resizeRgba(p.image, 32, 32));
    const plain = trainingBatch(photos, 2, 32, seededRandom(1));
    const hinted = trainingBatch(photos, 2, 32, seededRandom(1), true);
    expect(hinted.input.shape).toEqual([2, 32, 32, HINT_INPUT_CHANNELS]);
    // The same draw of photos, crops and mirrors: L* is the automatic batch's (its target too, but
    // where a hint asks for another colour: recolourTarget's test above).
    const worst = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
    expect(tf.tidy(() => worst(tf.slice(hinted.input, [0, 0, 0, 0], [2, 32, 32, 1]), plain.input))).toBe(0);
    tf.dispose([plain.input, plain.target]);

    const g = createGenerator(generatorConfigFor(32, 4, true), 1);
    const d = createDiscriminator({ ndf: 4, inChannels: HINT_INPUT_CHANNELS + 2 }, 2);
    const trainer = createTrainer(g, d, { seed: 3 });
    // A batch without hints is refused in words, not deep in a convolution.
    const unhinted = trainingBatch(photos, 2, 32, seededRandom(1));
    await expect(trainer.step(unhinted.input, unhinted.target)).rejects.toMatchObject({ code: 'invalid_option', message: expect.stringMatching(/takes 4 input channels .*, not 1/) });
    tf.dispose([unhinted.input, unhinted.target]);
    await trainer.step(hinted.input, hinted.target); // the optimizers make their state on the first step
    tf.dispose([hinted.input, hinted.target]);
    const before = tf.memory().numTensors;
    const random = seededRandom(2);
    for (let i = 0; i < 4; i++) {
      const { input, target } = trainingBatch(photos, 2, 32, random, true);
      const losses = await trainer.step(input, target);
      tf.dispose([input, target]);
      expect(Number.isFinite(losses.genTotal)).toBe(true);
      expect(tf.memory().numTensors).toBe(before);
    }
    trainer.dispose();
    disposeParams(g.params);
    disposeParams(d.params);
  });
});
