import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { fastGenerator, interleave, phaseKernels, phaseUpsample } from './fast-inference.js';
import { disposeParams } from '../network/params.js';
import { createGenerator } from '../network/unet.js';

const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);

describe('conv2dTranspose rewritten as four 2x2 convolutions + depthToSpace', () => {
  it.each([[1, 8, 8, 3, 5], [2, 5, 7, 4, 6], [1, 1, 1, 8, 8]])('one layer, x [%i, %i, %i, %i] -> %i channels, within 1e-4', (b, h, w, cin, cout) => {
    const x = tf.randomNormal([b, h, w, cin], 0, 1, 'float32', 1) as tf.Tensor4D;
    const k = tf.randomNormal([4, 4, cout, cin], 0, 1, 'float32', 2) as tf.Tensor4D;
    const plain = tf.conv2dTranspose(x, k, [b, 2 * h, 2 * w, cout], 2, 'same');
    const ks = phaseKernels(k);
    const fast = phaseUpsample(ks, x);
    expect(fast.shape).toEqual(plain.shape);
    expect(maxDiff(fast, plain)).toBeLessThan(1e-4);
    tf.dispose([x, k, plain, fast, ...ks]);
  });

  it('is used on wasm, not on the pure-JS cpu backend, where conv2dTranspose is faster', async () => {
    const g = createGenerator({ ngf: 4, innermostNorm: false }, 5);
    expect(fastGenerator(g).phases).toBe(true);
    await tf.setBackend('cpu');
    expect(fastGenerator(g).phases).toBe(false);
    await tf.setBackend('wasm');
    disposeParams(g.params);
  });

  it('the whole generator gives the plain layers\' output within 1e-4', () => {
    const g = createGenerator({ ngf: 8, innermostNorm: false }, 5);
    const fast = fastGenerator(g, true);
    const x = tf.randomUniform([1, 256, 256, 1], -1, 1, 'float32', 6) as tf.Tensor4D;
    const [a, b] = [g.apply(x), fast.apply(x)];
    expect(maxDiff(a, b)).toBeLessThan(1e-4);
    tf.dispose([x, a, b]);
    fast.dispose();
    disposeParams(g.params);
  });
});

describe('BatchNorm folded into the convolutions, for running statistics', () => {
  it('interleave is depthToSpace with block 2', () => {
    const x = tf.randomNormal([1, 5, 7, 12], 0, 1, 'float32', 3) as tf.Tensor4D;
    const [a, b] = [interleave(x), tf.depthToSpace(x, 2)];
    expect(a.shape).toEqual(b.shape);
    expect(maxDiff(a, b)).toBe(0);
    tf.dispose([x, a, b]);
  });

  it('gives the plain layers\' output within 1e-4 with random running statistics, and frees every tensor it made', () => {
    const g = createGenerator({ ngf: 8, innermostNorm: false, normalization: 'moving' }, 5);
    for (const [name, v] of g.params) {
      if (name.endsWith('/moving_mean') || name.endsWith('/beta')) v.assign(tf.randomNormal(v.shape, 0, 0.3, 'float32', name.length));
      if (name.endsWith('/moving_variance') || name.endsWith('/gamma')) v.assign(tf.randomUniform(v.shape, 0.5, 2, 'float32', name.length));
    }
    const before = tf.memory().numTensors;
    const fast = fastGenerator(g, true);
    const x = tf.randomUniform([1, 256, 256, 1], -1, 1, 'float32', 6) as tf.Tensor4D;
    const [plain, folded] = [g.apply(x), fast.apply(x)];
    expect(maxDiff(plain, folded)).toBeLessThan(1e-4);
    tf.dispose([x, plain, folded]);
    fast.dispose();
    expect(tf.memory().numTensors).toBe(before);
    disposeParams(g.params);
  });
});
