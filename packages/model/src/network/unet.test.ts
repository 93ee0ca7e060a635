import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createGenerator, generatorFilters } from './unet.js';
import { createDiscriminator } from './patchgan.js';
import { countParams, disposeParams } from './params.js';

describe('pix2pix defaults reproduce the TensorFlow tutorial', () => {
  it('generator 3->3, 256, ngf 64 has 54,425,859 parameters and the paper\'s filters', () => {
    const g = createGenerator({ inChannels: 3, outChannels: 3 });
    expect(countParams(g.params)).toBe(54_425_859);
    expect(generatorFilters(g.config)).toEqual([64, 128, 256, 512, 512, 512, 512, 512]);
    disposeParams(g.params);
  });

  it('every block has the tutorial\'s kernel shape', () => {
    const g = createGenerator({ inChannels: 3, outChannels: 3 });
    const shape = (n: string) => g.params.get(`generator/${n}`)!.shape;
    const down = [[3, 64], [64, 128], [128, 256], [256, 512], [512, 512], [512, 512], [512, 512], [512, 512]];
    down.forEach(([cin, cout], i) => expect(shape(`down${i}/conv/kernel`)).toEqual([4, 4, cin, cout]));
    expect(g.params.has('generator/down0/bn/gamma')).toBe(false);
    expect(g.params.has('generator/down7/bn/gamma')).toBe(true);
    // ConvTranspose kernels are [4, 4, out, in]; inputs after the first are doubled by the skip.
    const up = [[512, 512], [512, 1024], [512, 1024], [512, 1024], [256, 1024], [128, 512], [64, 256]];
    up.forEach(([cout, cin], j) => expect(shape(`up${j}/convT/kernel`)).toEqual([4, 4, cout, cin]));
    expect(shape('last/kernel')).toEqual([4, 4, 3, 128]);
    expect(shape('last/bias')).toEqual([3]);
    disposeParams(g.params);
  });

  it('discriminator on 3+3 channels, ndf 64 has 2,770,433 parameters', () => {
    const d = createDiscriminator({ inChannels: 6 });
    expect(countParams(d.params)).toBe(2_770_433);
    disposeParams(d.params);
  });
});

describe('generator and discriminator on a tiny configuration', () => {
  it('maps [b, 256, 256, 1] to [b, 256, 256, 2] in [-1, 1], and the PatchGAN gives 30x30 logits', () => {
    const g = createGenerator({ ngf: 4, innermostNorm: false });
    const d = createDiscriminator({ ndf: 4 });
    const x = tf.randomUniform([2, 256, 256, 1], -1, 1, 'float32', 3) as tf.Tensor4D;
    const y = g.apply(x);
    expect(y.shape).toEqual([2, 256, 256, 2]);
    expect(tf.max(tf.abs(y)).dataSync()[0]).toBeLessThanOrEqual(1);
    const logits = d.apply(x, y);
    expect(logits.shape).toEqual([2, 30, 30, 1]);
    tf.dispose([x, y, logits]);
    disposeParams(g.params);
    disposeParams(d.params);
  });

  it('gives one output per input by default, and samples with dropout when asked (the paper\'s test-time noise)', () => {
    const g = createGenerator({ ngf: 4, innermostNorm: false });
    const x = tf.randomUniform([1, 256, 256, 1], -1, 1, 'float32', 4) as tf.Tensor4D;
    const diff = (a: tf.Tensor, b: tf.Tensor) => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!;
    const [a, b] = [g.apply(x), g.apply(x)];
    expect(diff(a, b)).toBe(0);
    const [c, e] = [g.apply(x, { dropout: true, seed: 1 }), g.apply(x, { dropout: true, seed: 2 })];
    expect(diff(c, e)).toBeGreaterThan(1e-3);
    tf.dispose([x, a, b, c, e]);
    disposeParams(g.params);
  });

  it("normalizes as its config says: 'moving' makes a photo's colours independent of the others in the batch", () => {
    const diff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
    const x = tf.randomUniform([2, 64, 64, 1], -1, 1, 'float32', 5) as tf.Tensor4D;
    const first = tf.slice(x, [0, 0, 0, 0], [1, 64, 64, 1]);
    for (const normalization of ['batch', 'moving'] as const) {
      const g = createGenerator({ size: 64, depth: 6, ngf: 4, innermostNorm: false, normalization }, 7);
      const [alone, inBatch, explicit] = [g.apply(first), g.apply(x), g.apply(first, { normalization })];
      const firstOfBatch = tf.slice(inBatch, [0, 0, 0, 0], [1, 64, 64, 2]);
      expect(diff(alone, explicit)).toBe(0);
      if (normalization === 'moving') expect(diff(alone, firstOfBatch)).toBeLessThan(1e-6);
      else expect(diff(alone, firstOfBatch)).toBeGreaterThan(1e-3);
      tf.dispose([alone, inBatch, explicit, firstOfBatch]);
      disposeParams(g.params);
    }
    tf.dispose([x, first]);
    expect(() => createGenerator({ normalization: 'instance' as 'batch' })).toThrow(/normalization must be 'batch' or 'moving'/);
  });

  it('draws kernels from N(0, 0.02)', () => {
    const g = createGenerator({ inChannels: 3, outChannels: 3 });
    const k = g.params.get('generator/down3/conv/kernel')!;
    const { mean, variance } = tf.moments(k);
    expect(Math.abs(mean.dataSync()[0]!)).toBeLessThan(1e-3);
    expect(Math.sqrt(variance.dataSync()[0]!)).toBeCloseTo(0.02, 3);
    tf.dispose([mean, variance]);
    disposeParams(g.params);
  });
});
