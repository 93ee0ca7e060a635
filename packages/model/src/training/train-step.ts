import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients (the tfjs umbrella package does): training needs them.
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import { assert } from '../errors.js';
import { discriminatorLoss, generatorLoss } from './losses.js';
import { trainable } from '../network/params.js';
import type { Discriminator } from '../network/patchgan.js';
import type { Generator } from '../network/unet.js';

/** The training step's settings; PAPER_TRAINING holds the paper's. */
export interface TrainOptions {
  /** Adam learning rate (the paper: 2e-4). */
  learningRate: number;
  /** Adam beta1 (the paper: 0.5). */
  beta1: number;
  /** Weight of the L1 term (the paper: 100). */
  lambda: number;
  /** Scale of D's loss: 1 as in the TensorFlow tutorial, 0.5 as in the PyTorch reference. */
  discriminatorFactor: number;
  /** Seed of the dropout masks; step k uses seed + k, so a run repeats exactly. */
  seed: number;
  /**
   * Run G's BatchNorm on its running statistics and leave them as they are: a fine-tune on a
   * few photos then cannot pull the statistics a 'moving' model uses at inference toward
   * single-photo ones (measured: that drift alone cost 0.9 dB).
   */
  freezeStatistics: boolean;
  /**
   * Strength of a pull of G's weights toward their values when the trainer was made (L2-SP, Li et
   * al. 2018): anchor x the sum of squared differences joins G's loss. 0: none.
   */
  anchor: number;
}

/** The paper's settings: Adam 2e-4, beta1 0.5, lambda 100. */
export const PAPER_TRAINING: TrainOptions = { learningRate: 2e-4, beta1: 0.5, lambda: 100, discriminatorFactor: 1, seed: 0, freezeStatistics: false, anchor: 0 };

/** The losses of one step, as numbers: G's GAN and L1 terms and total, D's real, fake and total. */
export interface StepLosses {
  genGan: number;
  genL1: number;
  genTotal: number;
  discReal: number;
  discFake: number;
  discTotal: number;
}

/** A generator and discriminator pair being trained, with one Adam each. */
export interface Trainer {
  readonly options: TrainOptions;
  readonly generatorOptimizer: tf.AdamOptimizer;
  readonly discriminatorOptimizer: tf.AdamOptimizer;
  /** Steps taken so far (restored with the optimizer state on resume). */
  steps: number;
  /** One pix2pix step on a batch: update D, then G through the updated D. */
  step(input: tf.Tensor4D, target: tf.Tensor4D): Promise<StepLosses>;
  /**
   * Update D alone against G's current output (G is not changed, nor counted in `steps`): a
   * fresh critic learns what the model's colours look like before it is allowed to judge them.
   */
  stepCritic(input: tf.Tensor4D, target: tf.Tensor4D): Promise<Pick<StepLosses, 'discReal' | 'discFake' | 'discTotal'>>;
  dispose(): void;
}

const asList = (grads: tf.NamedTensorMap) => Object.entries(grads).map(([name, tensor]) => ({ name, tensor }));

/**
 * The pix2pix training step for a generator and its discriminator, each with its own Adam.
 *
 * @param generator Trained in place.
 * @param discriminator Trained in place; its input channels are the generator's in + out.
 * @param options Overrides of PAPER_TRAINING (Adam 2e-4, beta1 0.5, lambda 100).
 * @throws ColorizeError `invalid_option` for a learning rate that is not positive or a negative
 *   lambda, or a discriminator that does not see the generator's input and output.
 */
export function createTrainer(generator: Generator, discriminator: Discriminator, options: Partial<TrainOptions> = {}): Trainer {
  const opts = { ...PAPER_TRAINING, ...options };
  assert(opts.learningRate > 0, 'invalid_option', () => `The learning rate must be above 0, got ${opts.learningRate}.`);
  assert(opts.lambda >= 0, 'invalid_option', () => `lambda must be 0 or more, got ${opts.lambda}.`);
  const { inChannels, outChannels } = generator.config;
  assert(discriminator.config.inChannels === inChannels + outChannels, 'invalid_option',
    () => `The discriminator sees ${discriminator.config.inChannels} channels; the generator's input and output are ${inChannels + outChannels}.`);
  const gOpt = tf.train.adam(opts.learningRate, opts.beta1, 0.999);
  const dOpt = tf.train.adam(opts.learningRate, opts.beta1, 0.999);
  assert(opts.anchor >= 0, 'invalid_option', () => `The anchor must be 0 or more, got ${opts.anchor}.`);
  const gVars = trainable(generator.params);
  // The starting weights the anchor pulls toward (copies: the variables move).
  const anchors = opts.anchor > 0 ? gVars.map((v) => tf.clone(v)) : [];
  const dVars = trainable(discriminator.params);
  const trainMode = { normalization: 'batch', updateMovingStats: true } as const;
  const generatorMode = opts.freezeStatistics ? ({ normalization: 'moving', updateMovingStats: false } as const) : trainMode;
  // G's loss reads D on the batch's statistics without moving D's averages a second time.
  const frozenD = { normalization: 'batch', updateMovingStats: false } as const;

  // A batch made for another generator (1 channel for a hints model) would fail deep in a convolution.
  const checkBatch = (input: tf.Tensor4D) => assert(input.shape[3] === inChannels, 'invalid_option',
    () => `This generator takes ${inChannels} input channels${generator.config.hints ? ' (L*, the hints\' a*b*, their mask: make its batches with hints)' : ''}, not ${input.shape[3]}.`);

  const trainer: Trainer = {
    options: opts,
    generatorOptimizer: gOpt,
    discriminatorOptimizer: dOpt,
    steps: 0,
    async step(input, target) {
      checkBatch(input);
      const seed = opts.seed + trainer.steps;
      // Loss terms made inside variableGrads are freed when it returns: keep a stacked copy of each.
      let dTerms: tf.Tensor1D | undefined;
      let gTerms: tf.Tensor1D | undefined;
      tf.tidy(() => {
        // G runs forward once: D's update is taken inside G's tape (on G's output, but with
        // gradients for D's variables only), then G's loss reads the updated D. Each
        // optimizer touches only its own network's variables.
        const g = tf.variableGrads(() => {
          const fake = generator.apply(input, { dropout: true, seed, ...generatorMode });
          const dGrads = tf.variableGrads(() => {
            const d = discriminatorLoss(
              discriminator.apply(input, target, trainMode),
              discriminator.apply(input, fake, trainMode),
              opts.discriminatorFactor,
            );
            dTerms = tf.keep(tf.stack([d.real, d.fake, d.total]) as tf.Tensor1D);
            return d.total;
          }, dVars);
          dOpt.applyGradients(asList(dGrads.grads));
          const gl = generatorLoss(discriminator.apply(input, fake, frozenD), fake, target, opts.lambda);
          gTerms = tf.keep(tf.stack([gl.gan, gl.l1, gl.total]) as tf.Tensor1D);
          if (!anchors.length) return gl.total;
          const drift = tf.addN(gVars.map((v, i) => tf.sum(tf.squaredDifference(v, anchors[i]!))));
          return tf.add(gl.total, tf.mul(drift, opts.anchor)) as tf.Scalar;
        }, gVars);
        gOpt.applyGradients(asList(g.grads));
      });
      const losses = tf.concat([gTerms!, dTerms!]);
      tf.dispose([gTerms!, dTerms!]);
      const v = await losses.data();
      losses.dispose();
      trainer.steps++;
      return { genGan: v[0]!, genL1: v[1]!, genTotal: v[2]!, discReal: v[3]!, discFake: v[4]!, discTotal: v[5]! };
    },
    async stepCritic(input, target) {
      checkBatch(input);
      const terms = tf.tidy(() => {
        const fake = generator.apply(input, { dropout: true, seed: opts.seed + trainer.steps, ...generatorMode, updateMovingStats: false });
        let kept: tf.Tensor1D | undefined;
        const { grads } = tf.variableGrads(() => {
          const d = discriminatorLoss(discriminator.apply(input, target, trainMode), discriminator.apply(input, fake, trainMode), opts.discriminatorFactor);
          kept = tf.keep(tf.stack([d.real, d.fake, d.total]) as tf.Tensor1D);
          return d.total;
        }, dVars);
        dOpt.applyGradients(asList(grads));
        return kept!;
      });
      const v = await terms.data();
      terms.dispose();
      return { discReal: v[0]!, discFake: v[1]!, discTotal: v[2]! };
    },
    dispose() {
      gOpt.dispose();
      dOpt.dispose();
      tf.dispose(anchors);
    },
  };
  return trainer;
}
