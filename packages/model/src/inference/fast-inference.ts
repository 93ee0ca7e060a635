import * as tf from '@tensorflow/tfjs-core';
import { LEAKY_SLOPE } from '../network/layers.js';
import { BN_EPSILON, type ParamMap } from '../network/params.js';
import { encoderHasNorm, type Generator, type GeneratorRun, type Upsampler } from '../network/unet.js';

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
    return interleave(tf.concat(phases, 3) as tf.Tensor4D);
  });
}

/**
 * depthToSpace with block 2: channel (a * 2 + b) * c + k of pixel (y, x) goes to pixel
 * (2y + a, 2x + b), channel k. As a reshape and a transpose: tfjs-backend-wasm's DepthToSpace
 * loops element by element (14 ms for 64x64x64 in Node), its Transpose takes 0.4 ms.
 */
export function interleave(x: tf.Tensor4D): tf.Tensor4D {
  const [b, h, w, c4] = x.shape;
  const c = c4 / 4;
  return tf.reshape(tf.transpose(tf.reshape(x, [b, h, w, 2, 2, c]), [0, 1, 3, 2, 4, 5]), [b, 2 * h, 2 * w, c]);
}

/** A generator for inference only: dropout off, phase upsampling, kernels rearranged once (so make a new one after training). */
export interface FastGenerator {
  readonly source: Generator;
  /** Whether it upsamples with the four-convolution rewrite (see fastGenerator). */
  readonly phases: boolean;
  apply(x: tf.Tensor4D, run?: Pick<GeneratorRun, 'normalization'>): tf.Tensor4D;
  dispose(): void;
}

/** A convolution with BatchNorm's running statistics folded in: y = conv(x, filter) + bias. */
interface Folded {
  filter: tf.Tensor4D;
  bias?: tf.Tensor1D;
}

/**
 * BatchNorm with running statistics is an affine map per channel, s = gamma / sqrt(var + eps)
 * and t = beta - mean * s: fold it into the convolution before it, so inference runs one fused
 * conv + bias + activation per layer instead of a conv, a batchNorm and an activation.
 */
function fold(params: ParamMap, filter: tf.Tensor4D, bn: string | undefined): Folded {
  if (!bn) return { filter: tf.clone(filter) }; // a copy: dispose() frees what fold made, never the generator's own kernels
  const p = (n: string) => params.get(`${bn}/${n}`)!;
  const scale = tf.div(p('gamma'), tf.sqrt(tf.add(p('moving_variance'), BN_EPSILON)));
  return { filter: tf.mul(filter, scale), bias: tf.sub(p('beta'), tf.mul(p('moving_mean'), scale)) as tf.Tensor1D };
}

/**
 * A transposed convolution as one 2x2 convolution of the padded input with all four phase
 * kernels side by side (4x the output channels): phase (a, b) of output pixel (m, n) is that
 * convolution at (m + a, n + b), its block 2a + b. One XNNPACK call, no input slices; four
 * slices of the (smaller) output then go to interleave. Measured in Node on wasm with the
 * shipped model: four separate 2x2 convolutions and one 3x3 with the phases embedded both
 * took 38-40 ms (input slices, or 2.25x the multiplications); this, 34-35 ms (56-61 ms unfolded).
 */
function phaseFilter(kernels: readonly tf.Tensor4D[]): tf.Tensor4D {
  return tf.concat([...kernels], 3);
}

/**
 * For the last layer (2 output channels), where slicing and concatenating 2-channel planes
 * costs more than the multiplications saved: the four phase kernels embedded in one 3x3 filter,
 * phase (a, b) at rows a..a+1 and columns b..b+1, whose output goes straight to interleave.
 * (Last layer in Node: 6.3 ms with slices, ~1.5 ms so.)
 */
function embeddedPhaseFilter(kernels: readonly tf.Tensor4D[]): tf.Tensor4D {
  return tf.concat(kernels.map((k, i) => tf.pad(k, [[i >> 1, 1 - (i >> 1)], [i & 1, 1 - (i & 1)], [0, 0], [0, 0]])), 3);
}

interface FoldedGenerator {
  down: Folded[];
  /** Decoder blocks and the last layer: the four phase filters side by side (the last: embedded), the bias tiled to match. */
  up: Folded[];
}

function foldGenerator(generator: Generator): FoldedGenerator {
  const { config, params } = generator;
  const kernel = (name: string) => params.get(`generator/${name}/kernel`) as unknown as tf.Tensor4D;
  let folded: FoldedGenerator | undefined;
  // Intermediates (scales, phase kernels) are freed; the folded filters and biases are kept.
  tf.tidy(() => {
    const down = Array.from({ length: config.depth }, (_, i) => fold(params, kernel(`down${i}/conv`), encoderHasNorm(config, i) ? `generator/down${i}/bn` : undefined));
    const upNames = [...Array.from({ length: config.depth - 1 }, (_, j) => `up${j}`), 'last'];
    const up = upNames.map((name) => {
      const phases = phaseKernels(kernel(name === 'last' ? 'last' : `${name}/convT`));
      const each = phases.map((k) => fold(params, k, name === 'last' ? undefined : `generator/${name}/bn`));
      const bias = name === 'last' ? (params.get('generator/last/bias') as unknown as tf.Tensor1D) : each[0]!.bias!;
      // The last layer's tanh is 2 sigmoid(2z) - 1, sigmoid fused into the convolution: wasm's Tanh
      // takes 2.4 ms for 256x256x2, sigmoid and the affine step 0.3 ms.
      const k = name === 'last' ? 2 : 1;
      const filter = (name === 'last' ? embeddedPhaseFilter : phaseFilter)(each.map((f) => f.filter));
      return { filter: tf.mul(filter, k) as tf.Tensor4D, bias: tf.mul(tf.tile(bias, [4]), k) as tf.Tensor1D };
    });
    for (const f of [...down, ...up]) {
      tf.keep(f.filter);
      if (f.bias) tf.keep(f.bias);
    }
    folded = { down, up };
  });
  return folded!;
}

function foldedApply(g: FoldedGenerator, x: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const skips: tf.Tensor4D[] = [];
    let h = x;
    for (const layer of g.down) {
      h = tf.fused.conv2d({ x: h, filter: layer.filter, strides: 2, pad: 'same', bias: layer.bias, activation: 'leakyrelu', leakyreluAlpha: LEAKY_SLOPE });
      skips.push(h);
    }
    const up = (layer: Folded, activation: 'relu' | 'sigmoid') => {
      const [b, hh, w] = h.shape;
      const all = tf.fused.conv2d({ x: tf.pad(h, PAD1), filter: layer.filter, strides: 1, pad: 'valid', bias: layer.bias, activation });
      if (layer.filter.shape[0] === 3) return interleave(all); // embedded: already one pixel per phase block
      const c = all.shape[3] / 4;
      return interleave(tf.concat([0, 1, 2, 3].map((i) => tf.slice(all, [0, i >> 1, i & 1, i * c], [b, hh, w, c])), 3) as tf.Tensor4D);
    };
    for (let j = 0; j < g.up.length - 1; j++) h = tf.concat([up(g.up[j]!, 'relu'), skips[skips.length - 2 - j]!], 3);
    return tf.sub(tf.mul(up(g.up.at(-1)!, 'sigmoid'), 2), 1);
  });
}

/**
 * `phases`: use the four-convolution rewrite. Default: on every backend but the pure-JS cpu one,
 * where conv2dTranspose is the faster kernel (npm run bench -w packages/model -- --backend cpu:
 * 66 ms plain, 237 ms rewritten, for ngf 16 at 64x64; on wasm 14 ms and 7 ms).
 * With phases, inference with running statistics ('moving') uses BatchNorm folded into the
 * convolutions (see fold), made on first use.
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
  let folded: FoldedGenerator | undefined;
  return {
    source: generator,
    phases,
    apply: (x, run = {}) => {
      if (phases && (run.normalization ?? generator.config.normalization) === 'moving') {
        folded ??= foldGenerator(generator);
        return foldedApply(folded, x);
      }
      return generator.apply(x, { ...run, dropout: false, updateMovingStats: false, ...(phases ? { upsample } : {}) });
    },
    dispose() {
      for (const ks of cache.values()) ks.forEach((t) => t.dispose());
      cache.clear();
      if (folded) for (const f of [...folded.down, ...folded.up]) tf.dispose([f.filter, ...(f.bias ? [f.bias] : [])]);
      folded = undefined;
    },
  };
}
