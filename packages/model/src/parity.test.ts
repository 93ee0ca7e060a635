import * as tf from '@tensorflow/tfjs-core';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { fastGenerator } from './inference/fast-inference.js';
import { hintChannels, recolourTarget, type HintPatch, type Recolour } from './training/hint-simulation.js';
import './node/index.js';
import { FIXTURES } from './test-fixtures.js';
import { loadModel } from './inference/weights.js';

/**
 * tools/torch-train/make_parity_fixture.py wrote fixed (trained a little) PyTorch weights, inputs
 * and PyTorch's outputs: the tfjs networks, loaded through the one converter, must agree.
 */
describe('PyTorch parity (tools/torch-train mirrors this package layer for layer)', async () => {
  const dir = `${FIXTURES}parity/`;
  const shapes = JSON.parse(await readFile(`${dir}tensors.json`, 'utf8')) as Record<string, number[]>;
  const raw = await readFile(`${dir}tensors.bin`);
  const all = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
  const tensors: Record<string, tf.Tensor4D> = {};
  let offset = 0;
  for (const [name, shape] of Object.entries(shapes)) {
    const n = shape.reduce((a, b) => a * b, 1);
    tensors[name] = tf.tensor4d(all.slice(offset, offset + n), shape as [number, number, number, number]);
    offset += n;
  }
  const { model } = await loadModel(`file://${dir}`);
  const worst = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);

  it('the generator matches PyTorch within 1e-4 (BatchNorm on test statistics, dropout off), colour hints in its input', () => {
    expect(model.generator.config.hints).toBe(true);
    // Some pixels carry a hint (mask 1), most do not: the input is the one a hints model trains on.
    const mask = tf.tidy(() => tf.mean(tf.slice(tensors.input!, [0, 0, 0, 3], [-1, -1, -1, 1])).dataSync()[0]!);
    expect(mask).toBeGreaterThan(0);
    expect(mask).toBeLessThan(0.5);
    const out = model.generator.apply(tensors.input!);
    expect(worst(out, tensors.generator!)).toBeLessThan(1e-4);
    out.dispose();
  });

  it('so does the fast-inference rewrite', () => {
    const fast = fastGenerator(model.generator);
    const out = fast.apply(tensors.input!);
    expect(worst(out, tensors.generator!)).toBeLessThan(1e-4);
    out.dispose();
    fast.dispose();
  });

  it("and with normalization 'moving' (BatchNorm's running statistics), plain and fast", () => {
    const fast = fastGenerator(model.generator);
    for (const out of [model.generator.apply(tensors.input!, { normalization: 'moving' }), fast.apply(tensors.input!, { normalization: 'moving' })]) {
      expect(worst(out, tensors.generatorMoving!)).toBeLessThan(1e-4);
      expect(worst(out, tensors.generator!)).toBeGreaterThan(1e-2);
      out.dispose();
    }
    fast.dispose();
  });

  it("the TypeScript hint simulation recolours PyTorch's target and paints its hint channels from the same truth, patches and recolours", async () => {
    const patches = JSON.parse(await readFile(`${dir}patches.json`, 'utf8')) as HintPatch[];
    const recolours = JSON.parse(await readFile(`${dir}recolours.json`, 'utf8')) as Recolour[];
    expect(patches.length).toBeGreaterThan(2);
    expect(recolours.length).toBeGreaterThan(0);
    const lightness = tf.slice(tensors.input!, [0, 0, 0, 0], [-1, -1, -1, 1]);
    const target = recolourTarget(lightness, tensors.truth!, patches, recolours);
    expect(worst(target, tensors.target!)).toBeLessThan(1e-5);
    // The recolour did move the truth: the check above is not of an unchanged copy.
    expect(worst(target, tensors.truth!)).toBeGreaterThan(0.05);
    const painted = hintChannels(target, patches);
    const given = tf.slice(tensors.input!, [0, 0, 0, 1], [-1, -1, -1, 3]);
    expect(worst(painted, given)).toBeLessThan(1e-5);
    tf.dispose([lightness, target, painted, given]);
  });

  it('the PatchGAN, conditioned on what the generator saw (L*, hints), matches PyTorch within 1e-4', () => {
    expect(model.discriminator!.config.inChannels).toBe(6);
    const logits = model.discriminator!.apply(tensors.input!, tensors.generator!);
    expect(logits.shape).toEqual(tensors.discriminator!.shape);
    expect(worst(logits, tensors.discriminator!)).toBeLessThan(1e-4);
    logits.dispose();
  });
});
