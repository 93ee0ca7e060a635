import * as tf from '@tensorflow/tfjs-core';
import { DEFAULT_GENERATOR, filtersAt, type GeneratorConfig } from './config.js';
import { ColorizeError } from '../errors.js';
import { HINT_INPUT_CHANNELS } from '../inference/hints.js';
import { batchNorm, downConv, LEAKY_SLOPE, upConv, type NormMode } from './layers.js';
import { ParamBuilder, type InitialValues, type ParamMap } from './params.js';

/** How one forward pass runs: dropout, BatchNorm's statistics, an upsampler to use instead of conv2dTranspose. */
export interface GeneratorRun extends Partial<NormMode> {
  /** Dropout in the first decoder blocks: on in training; the paper also keeps it at test time. */
  dropout?: boolean;
  /** Seed of the dropout masks, so a training step repeats exactly. */
  seed?: number;
  /** The 4x4 stride-2 transposed convolution; fast-inference.ts swaps in an equivalent. */
  upsample?: Upsampler;
}

/** Applies the transposed-convolution parameters called `name` (kernel [4, 4, out, in]) to x. */
export type Upsampler = (params: ParamMap, name: string, x: tf.Tensor4D) => tf.Tensor4D;

/** The U-Net: its config, parameters by name, and its forward pass. */
export interface Generator {
  readonly config: GeneratorConfig;
  readonly params: ParamMap;
  /** [batch, size, size, in] in [-1, 1] -> [batch, size, size, out] in [-1, 1]. */
  apply(x: tf.Tensor4D, run?: GeneratorRun): tf.Tensor4D;
}

export function encoderHasNorm(config: GeneratorConfig, i: number): boolean {
  return i > 0 && (i < config.depth - 1 || config.innermostNorm);
}

export function generatorFilters(config: GeneratorConfig): number[] {
  return Array.from({ length: config.depth }, (_, i) => filtersAt(config.ngf, i, config.filterCap));
}

/**
 * The pix2pix U-Net: C64-C128-C256-C512-C512-C512-C512-C512 down, mirrored up with skips.
 *
 * @param options Overrides of DEFAULT_GENERATOR (the paper's: 256x256, ngf 64, L* -> a*b*).
 * @param seed Seed of the N(0, 0.02) kernel draws.
 * @param initial Saved values by parameter name (from a model file), used instead of drawing.
 * @throws ColorizeError `invalid_option` when size is not a multiple of 2^depth or the
 *   normalization is unknown; `invalid_weights` when `initial` lacks a parameter or has another shape.
 */
export function createGenerator(options: Partial<GeneratorConfig> = {}, seed = 0, initial?: InitialValues): Generator {
  const config = { ...DEFAULT_GENERATOR, ...options };
  if (config.size % 2 ** config.depth !== 0) {
    throw new ColorizeError('invalid_option', `Generator size ${config.size} must be a multiple of 2^${config.depth}.`);
  }
  if (config.normalization !== 'batch' && config.normalization !== 'moving') {
    throw new ColorizeError('invalid_option', `Generator normalization must be 'batch' or 'moving', not ${JSON.stringify(config.normalization)}.`);
  }
  if (config.hints && config.inChannels !== HINT_INPUT_CHANNELS) {
    throw new ColorizeError('invalid_option', `A generator with hints takes ${HINT_INPUT_CHANNELS} input channels (L*, the hints' a*b*, their mask), not ${config.inChannels}.`);
  }
  const f = generatorFilters(config);
  const b = new ParamBuilder('generator', seed, initial);
  let cin = config.inChannels;
  for (let i = 0; i < config.depth; i++) {
    b.kernel(`down${i}/conv/kernel`, [4, 4, cin, f[i]!]);
    if (encoderHasNorm(config, i)) b.batchNorm(`down${i}/bn`, f[i]!);
    cin = f[i]!;
  }
  for (let j = 0; j < config.depth - 1; j++) {
    const cout = f[config.depth - 2 - j]!;
    b.kernel(`up${j}/convT/kernel`, [4, 4, cout, cin]);
    b.batchNorm(`up${j}/bn`, cout);
    cin = cout * 2; // concatenated with the encoder output of the same width
  }
  b.kernel('last/kernel', [4, 4, config.outChannels, cin]);
  b.bias('last/bias', config.outChannels);
  const params = b.params;

  return {
    config,
    params,
    apply(x, run = {}) {
      const mode: NormMode = { normalization: run.normalization ?? config.normalization, updateMovingStats: run.updateMovingStats ?? false };
      const up = run.upsample ?? upConv;
      return tf.tidy((): tf.Tensor4D => {
        const skips: tf.Tensor4D[] = [];
        let h = x;
        for (let i = 0; i < config.depth; i++) {
          h = downConv(params, `generator/down${i}/conv`, h);
          if (encoderHasNorm(config, i)) h = batchNorm(params, `generator/down${i}/bn`, h, mode);
          h = tf.leakyRelu(h, LEAKY_SLOPE);
          skips.push(h);
        }
        for (let j = 0; j < config.depth - 1; j++) {
          h = batchNorm(params, `generator/up${j}/bn`, up(params, `generator/up${j}/convT`, h), mode);
          if (run.dropout && j < config.dropoutBlocks) {
            h = tf.dropout(h, config.dropoutRate, undefined, run.seed === undefined ? undefined : run.seed * 16 + j) as tf.Tensor4D;
          }
          h = tf.concat([tf.relu(h), skips[config.depth - 2 - j]!], 3) as tf.Tensor4D;
        }
        return tf.tanh(tf.add(up(params, 'generator/last', h), params.get('generator/last/bias')!)) as tf.Tensor4D;
      });
    },
  };
}
