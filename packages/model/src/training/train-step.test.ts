import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { jitter } from './augment.js';
import { saveCheckpoint } from './checkpoint.js';
import { Colorizer } from '../inference/colorize.js';
import { labBatch, labTensor } from './lab-tensor.js';
import { disposeParams } from '../network/params.js';
import { createDiscriminator } from '../network/patchgan.js';
import { seededRandom } from '../rng.js';
import { fixturePhotos } from '../test-fixtures.js';
import { createTrainer, type StepLosses } from './train-step.js';
import { createGenerator } from '../network/unet.js';

/** A tiny 64x64 colorizer (depth 6 so the bottleneck is 1x1), cheap enough for 2 cores. */
const TINY = { size: 64, depth: 6, ngf: 8, innermostNorm: false } as const;

function tinyPair() {
  return { g: createGenerator(TINY, 1), d: createDiscriminator({ ndf: 8 }, 2) };
}

/** Losses of a few steps on one backend; 32x32 and ngf 4, as the pure-JS cpu backend is slow. */
async function losses(backend: string, steps: number): Promise<StepLosses[]> {
  await tf.setBackend(backend);
  const g = createGenerator({ size: 32, depth: 5, ngf: 4, innermostNorm: false }, 1);
  const d = createDiscriminator({ ndf: 4 }, 2);
  const trainer = createTrainer(g, d, { seed: 7 });
  const x = tf.randomUniform([2, 32, 32, 1], -1, 1, 'float32', 8) as tf.Tensor4D;
  const y = tf.randomUniform([2, 32, 32, 2], -0.5, 0.5, 'float32', 9) as tf.Tensor4D;
  const out: StepLosses[] = [];
  for (let i = 0; i < steps; i++) out.push(await trainer.step(x, y));
  trainer.dispose();
  tf.dispose([x, y]);
  disposeParams(g.params);
  disposeParams(d.params);
  return out;
}

afterAll(async () => {
  await tf.setBackend('wasm');
});

describe('the pix2pix training step', () => {
  it('is seeded: two runs with one seed give the same losses on the cpu backend', async () => {
    const [a, b] = [await losses('cpu', 3), await losses('cpu', 3)];
    expect(a).toEqual(b);
    expect(a[2]!.genL1).not.toBe(a[0]!.genL1); // and it moved
  });

  it('gives the cpu backend\'s losses on wasm (with our Conv2DBackpropFilter) within 1e-3', async () => {
    const [cpu, wasm] = [await losses('cpu', 3), await losses('wasm', 3)];
    cpu.forEach((c, i) => {
      for (const k of Object.keys(c) as (keyof StepLosses)[]) expect(Math.abs(c[k] - wasm[i]![k])).toBeLessThan(1e-3 * Math.max(1, Math.abs(c[k])));
    });
  });

  /** A tiny trainer on wasm that has taken its first step (the optimizers make their state then), and one random pair. */
  async function steppedTrainer() {
    await tf.setBackend('wasm');
    const { g, d } = tinyPair();
    const trainer = createTrainer(g, d);
    const x = tf.randomUniform([1, 64, 64, 1], -1, 1, 'float32', 1) as tf.Tensor4D;
    const y = tf.randomUniform([1, 64, 64, 2], -1, 1, 'float32', 2) as tf.Tensor4D;
    await trainer.step(x, y);
    return { g, d, trainer, x, y };
  }

  it('updates each network with its own optimizer only', async () => {
    const { g, d, trainer, x, y } = await steppedTrainer();
    const names = (o: tf.Optimizer) => o.getWeights().then((ws) => ws.map((w) => w.name));
    const gNames = await names(trainer.generatorOptimizer);
    const dNames = await names(trainer.discriminatorOptimizer);
    expect(gNames.some((n) => n.includes('discriminator/'))).toBe(false);
    expect(dNames.some((n) => n.includes('generator/'))).toBe(false);
    expect(gNames.some((n) => n.includes('generator/'))).toBe(true);
    expect(dNames.some((n) => n.includes('discriminator/'))).toBe(true);
    trainer.dispose();
    tf.dispose([x, y]);
    disposeParams(g.params);
    disposeParams(d.params);
  });

  it('with an anchor, pulls G toward its starting weights (L2-SP): it drifts less, and frees its copies', async () => {
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    const x = tf.randomUniform([1, 64, 64, 1], -1, 1, 'float32', 1) as tf.Tensor4D;
    const y = tf.randomUniform([1, 64, 64, 2], -1, 1, 'float32', 2) as tf.Tensor4D;
    const drift = async (anchor: number) => {
      const { g, d } = tinyPair();
      const start = [...g.params.values()].map((v) => tf.clone(v));
      const trainer = createTrainer(g, d, { anchor, learningRate: 1e-3 });
      for (let i = 0; i < 5; i++) await trainer.step(x, y);
      const sq = tf.tidy(() => tf.addN([...g.params.values()].map((v, i) => tf.sum(tf.squaredDifference(v, start[i]!)))).dataSync()[0]!);
      trainer.dispose();
      tf.dispose(start);
      disposeParams(g.params);
      disposeParams(d.params);
      return sq;
    };
    const free = await drift(0);
    const anchored = await drift(1e4);
    expect(anchored).toBeLessThan(0.5 * free);
    tf.dispose([x, y]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('leaks no tensor over 20 training steps, checkpoints and 20 colorizations', async () => {
    const { g, d, trainer, x, y } = await steppedTrainer();
    const state = { model: { generator: g, discriminator: d, metadata: { id: 't', version: '0' } }, trainer };
    const nowhere = tf.io.withSaveHandler(async () => ({ modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }));
    const colorizer = new Colorizer(g, { id: 't', version: '0' });
    const image = (await fixturePhotos())[0]!.image;
    await colorizer.colorize(image); // and the fast generator its phase kernels on the first call
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) {
      await trainer.step(x, y);
      if (i % 5 === 0) await saveCheckpoint(state, nowhere);
      expect(tf.memory().numTensors).toBe(before);
    }
    for (let i = 0; i < 20; i++) {
      await colorizer.colorize(image);
      expect(tf.memory().numTensors).toBe(before);
    }
    trainer.dispose();
    colorizer.dispose();
    tf.dispose([x, y]);
    disposeParams(d.params);
  });

  it('learns: on two real photos at 64x64 the L1 loss halves within 150 steps', async () => {
    await tf.setBackend('wasm');
    const photos = (await fixturePhotos()).slice(0, 2);
    const stacked = tf.tidy(() => tf.image.resizeBilinear(tf.stack(photos.map((p) => labTensor(p.image))) as tf.Tensor4D, [64, 64]));
    const { input, target } = labBatch(stacked);
    const { g, d } = tinyPair();
    const trainer = createTrainer(g, d, { seed: 3 });
    const first = (await trainer.step(input, target)).genL1;
    let best = first;
    for (let i = 0; i < 150 && best > first / 2; i++) best = Math.min(best, (await trainer.step(input, target)).genL1);
    expect(best).toBeLessThan(first / 2);
    trainer.dispose();
    tf.dispose([stacked, input, target]);
    disposeParams(g.params);
    disposeParams(d.params);
  });
});

describe('the paper\'s jitter', () => {
  it('resizes to 286, crops 256 at random, mirrors half the time, keeping channels aligned, repeatably per seed', () => {
    const h = 256;
    // A ramp along x in channel 0 and its negative in channel 1: any crop/mirror keeps c1 = -c0.
    const ramp = tf.tidy(() => {
      const x = tf.tile(tf.reshape(tf.linspace(0, 1, h), [1, 1, h, 1]), [4, h, 1, 1]);
      return tf.concat([x, tf.neg(x)], 3) as tf.Tensor4D;
    });
    const a = jitter(ramp, 256, seededRandom(5));
    const b = jitter(ramp, 256, seededRandom(5));
    expect(a.shape).toEqual([4, 256, 256, 2]);
    expect(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]).toBe(0);
    const [c0, c1] = tf.split(a, 2, 3);
    expect(tf.max(tf.abs(tf.add(c0!, c1!))).dataSync()[0]).toBeLessThan(1e-6);
    // Rows run up or down the ramp: with 4 images and seed 5 both directions occur.
    const slope = tf.sign(tf.sub(tf.slice(c0!, [0, 0, 200, 0], [4, 1, 1, 1]), tf.slice(c0!, [0, 0, 50, 0], [4, 1, 1, 1]))).dataSync();
    expect(new Set(slope).size).toBe(2);
    tf.dispose([ramp, a, b, c0!, c1!]);
  });
});
