import * as tf from '@tensorflow/tfjs-core';
import { DEFAULT_DISCRIMINATOR, filtersAt, type DiscriminatorConfig } from './config.js';
import { batchNorm, downConv, LEAKY_SLOPE, type NormMode } from './layers.js';
import { param, ParamBuilder, type InitialValues, type ParamMap } from './params.js';

/** The PatchGAN: its config, parameters by name, and its forward pass on (input, output) pairs. */
export interface Discriminator {
  readonly config: DiscriminatorConfig;
  readonly params: ParamMap;
  /** Logits, one per 70x70 patch: [batch, 30, 30, 1] for 256x256 inputs. */
  apply(input: tf.Tensor4D, output: tf.Tensor4D, mode?: Partial<NormMode>): tf.Tensor4D;
}

const PAD: [[number, number], [number, number], [number, number], [number, number]] = [[0, 0], [1, 1], [1, 1], [0, 0]];

/**
 * The 70x70 PatchGAN: C64 (no norm) - C128 - C256 stride 2, pad, C512 stride 1, pad, conv to 1 logit.
 *
 * @param options Overrides of DEFAULT_DISCRIMINATOR (the paper's: ndf 64, 3 channels in: L* and a*b*).
 * @param seed Seed of the N(0, 0.02) kernel draws.
 * @param initial Saved values by parameter name, used instead of drawing.
 * @throws ColorizeError `invalid_weights` when `initial` lacks a parameter or has another shape.
 */
export function createDiscriminator(options: Partial<DiscriminatorConfig> = {}, seed = 1, initial?: InitialValues): Discriminator {
  const config = { ...DEFAULT_DISCRIMINATOR, ...options };
  const f = [0, 1, 2, 3].map((i) => filtersAt(config.ndf, i, config.filterCap));
  const b = new ParamBuilder('discriminator', seed, initial);
  let cin = config.inChannels;
  for (let i = 0; i < 3; i++) {
    b.kernel(`down${i}/conv/kernel`, [4, 4, cin, f[i]!]);
    if (i > 0) b.batchNorm(`down${i}/bn`, f[i]!);
    cin = f[i]!;
  }
  b.kernel('conv/kernel', [4, 4, cin, f[3]!]);
  b.batchNorm('bn', f[3]!);
  b.kernel('last/kernel', [4, 4, f[3]!, 1]);
  b.bias('last/bias', 1);
  const params = b.params;

  return {
    config,
    params,
    apply(input, output, mode = {}) {
      const m: NormMode = { normalization: mode.normalization ?? 'batch', updateMovingStats: mode.updateMovingStats ?? false };
      return tf.tidy(() => {
        let h: tf.Tensor4D = tf.concat([input, output], 3);
        for (let i = 0; i < 3; i++) {
          h = downConv(params, `discriminator/down${i}/conv`, h);
          if (i > 0) h = batchNorm(params, `discriminator/down${i}/bn`, h, m);
          h = tf.leakyRelu(h, LEAKY_SLOPE);
        }
        h = tf.conv2d(tf.pad(h, PAD), param(params, 'discriminator/conv/kernel') as tf.Tensor4D, 1, 'valid');
        h = tf.leakyRelu(batchNorm(params, 'discriminator/bn', h, m), LEAKY_SLOPE);
        h = tf.conv2d(tf.pad(h, PAD), param(params, 'discriminator/last/kernel') as tf.Tensor4D, 1, 'valid');
        return tf.add(h, param(params, 'discriminator/last/bias'));
      });
    },
  };
}
