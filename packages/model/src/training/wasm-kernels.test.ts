import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import { describe, expect, it } from 'vitest';

/** dW of one convolution on a given backend. */
async function filterGrad(backend: string, run: (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor, xs: Shape4, ws: Shape4): Promise<Float32Array> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const x = tf.randomNormal(xs, 0, 1, 'float32', 11) as tf.Tensor4D;
    const w = tf.randomNormal(ws, 0, 1, 'float32', 12) as tf.Tensor4D;
    const g = tf.grad((wv: tf.Tensor) => tf.sum(tf.mul(run(x, wv as tf.Tensor4D), tf.randomNormal(run(x, w).shape, 0, 1, 'float32', 13))))(w);
    return g.dataSync() as Float32Array;
  });
}

type Shape4 = [number, number, number, number];
const CASES: [string, (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor, Shape4, Shape4][] = [
  ['conv 4x4 stride 2 same', (x, w) => tf.conv2d(x, w, 2, 'same'), [2, 16, 16, 3], [4, 4, 3, 5]],
  ['conv 4x4 stride 1 valid', (x, w) => tf.conv2d(x, w, 1, 'valid'), [1, 9, 11, 4], [4, 4, 4, 2]],
  ['conv 3x3 stride 2 same, odd size', (x, w) => tf.conv2d(x, w, 2, 'same'), [2, 7, 9, 2], [3, 3, 2, 3]],
  ['fused conv + bias + relu', (x, w) => tf.fused.conv2d({ x, filter: w, strides: 2, pad: 'same', bias: tf.ones([5]), activation: 'relu' }), [1, 8, 8, 3], [4, 4, 3, 5]],
  ['conv transpose 4x4 stride 2', (x, w) => tf.conv2dTranspose(x, w, [1, 16, 16, 4], 2, 'same'), [1, 8, 8, 6], [4, 4, 4, 6]],
];

describe('Conv2DBackpropFilter registered for wasm matches the cpu backend', () => {
  it.each(CASES)('%s', async (_name, run, xs, ws) => {
    const cpu = await filterGrad('cpu', run, xs, ws);
    const wasm = await filterGrad('wasm', run, xs, ws);
    let worst = 0;
    cpu.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - wasm[i]!))));
    expect(worst).toBeLessThan(1e-4);
  });
});
