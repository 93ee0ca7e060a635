import * as tf from '@tensorflow/tfjs-core';
import type { ParamMap } from './params.js';
import type { Generator, GeneratorRun, Upsampler } from './unet.js';

/**
 * Kernel rows (or columns) feeding output phase 0 and 1 of a 4x4, stride-2, pad-1 transposed
 * convolution: y[2m] = x[m-1] K[3] + x[m] K[1] and y[2m+1] = x[m] K[2] + x[m+1] K[0].
 */
const TAPS = [[3, 1], [2, 0]] as const;
const PAD1: [[number, number], [number, number], [number, number], [number, number]] = [[0, 0], [1, 1], [1, 1], [0, 0]];

/** The four 2x2 phase kernels [2, 2, in, out] of a transposed-convolution kernel [4, 4, out, in]. */
export function phaseKernels(kernel: tf.Tensor4D): tf.Tensor4D[] {
  return tf.tidy(() => {
    const out: tf.Tensor4D[] = [];
    for (const rows of TAPS) {
      const r = tf.gather(kernel, [...rows], 0);
      for (const cols of TAPS) out.push(tf.transpose(tf.gather(r, [...cols], 1), [0, 1, 3, 2]));
    }
    return out;
  });
}

/**
 * The same output as the transposed convolution, computed as four 2x2 convolutions (one per
 * output phase) and a depthToSpace. On wasm this is 3-9x faster per layer: conv2dTranspose
 * there scatters through a slow path, while conv2d runs in XNNPACK.
 */
export function phaseUpsample(kernels: readonly tf.Tensor4D[], x: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const [b, h, w, c] = x.shape;
    const xp = tf.pad(x, PAD1);
    const phases = kernels.map((k, i) => {
      const a = i >> 1;
      const bb = i & 1;
      return tf.conv2d(tf.slice(xp, [0, a, bb, 0], [b, h + 1, w + 1, c]), k, 1, 'valid');
    });
    return tf.depthToSpace(tf.concat(phases, 3), 2);
  });
}

/** A generator for inference only: dropout off, phase upsampling, kernels rearranged once (so make a new one after training). */
export interface FastGenerator {
  readonly source: Generator;
  /** Whether it upsamples with the four-convolution rewrite (see fastGenerator). */
  readonly phases: boolean;
  apply(x: tf.Tensor4D, run?: Pick<GeneratorRun, 'normalization'>): tf.Tensor4D;
  dispose(): void;
}

/**
 * `phases`: use the four-convolution rewrite. Default: on every backend but the pure-JS cpu one,
 * where conv2dTranspose is the faster kernel (npm run bench -w packages/model -- --backend cpu:
 * 66 ms plain, 237 ms rewritten, for ngf 16 at 64x64; on wasm 14 ms and 7 ms).
 */
export function fastGenerator(generator: Generator, phases = tf.getBackend() !== 'cpu'): FastGenerator {
  const cache = new Map<string, tf.Tensor4D[]>();
  const upsample: Upsampler = (params: ParamMap, name: string, x: tf.Tensor4D) => {
    let k = cache.get(name);
    if (!k) {
      // Made inside the caller's tidy: keep them for later calls (freed by dispose()).
      k = phaseKernels(params.get(`${name}/kernel`) as unknown as tf.Tensor4D).map((t) => tf.keep(t));
      cache.set(name, k);
    }
    return phaseUpsample(k, x);
  };
  return {
    source: generator,
    phases,
    apply: (x, run = {}) => generator.apply(x, { ...run, dropout: false, updateMovingStats: false, ...(phases ? { upsample } : {}) }),
    dispose() {
      for (const ks of cache.values()) ks.forEach((t) => t.dispose());
      cache.clear();
    },
  };
}
