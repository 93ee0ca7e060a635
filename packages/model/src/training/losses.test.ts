import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { discriminatorLoss, generatorLoss, sigmoidCrossEntropy } from './losses.js';

describe('losses, against values worked by hand', () => {
  it('sigmoid cross-entropy: -log(sigmoid(x)) for label 1, -log(1 - sigmoid(x)) for label 0', () => {
    const logits = tf.tensor([0, 2, -3, 40]);
    // label 1: log 2, log(1 + e^-2), log(1 + e^3), ~0   label 0: log 2, log(1 + e^2), log(1 + e^-3), 40
    const want1 = (Math.LN2 + Math.log1p(Math.exp(-2)) + Math.log1p(Math.exp(3)) + Math.log1p(Math.exp(-40))) / 4;
    const want0 = (Math.LN2 + Math.log1p(Math.exp(2)) + Math.log1p(Math.exp(-3)) + 40) / 4;
    expect(sigmoidCrossEntropy(logits, 1).dataSync()[0]).toBeCloseTo(want1, 5);
    expect(sigmoidCrossEntropy(logits, 0).dataSync()[0]).toBeCloseTo(want0, 5);
  });

  it('generator: GAN term + lambda * mean |target - output|', () => {
    const fakeLogits = tf.tensor([0, 0]); // D undecided: the GAN term is log 2
    const out = tf.tensor([0.5, -0.5, 0.25, 0]);
    const target = tf.tensor([0.5, 0.5, -0.25, 0]); // |diff| = 0, 1, 0.5, 0: mean 0.375
    const l = generatorLoss(fakeLogits, out, target, 100);
    expect(l.gan.dataSync()[0]).toBeCloseTo(Math.LN2, 6);
    expect(l.l1.dataSync()[0]).toBeCloseTo(0.375, 6);
    expect(l.total.dataSync()[0]).toBeCloseTo(Math.LN2 + 37.5, 4);
  });

  it('discriminator: real to 1 plus fake to 0, scaled by the factor (0.5 in the PyTorch reference)', () => {
    const real = tf.tensor([3]);
    const fake = tf.tensor([-1]);
    const want = Math.log1p(Math.exp(-3)) + Math.log1p(Math.exp(-1));
    expect(discriminatorLoss(real, fake).total.dataSync()[0]).toBeCloseTo(want, 5);
    expect(discriminatorLoss(real, fake, 0.5).total.dataSync()[0]).toBeCloseTo(want / 2, 5);
  });
});
