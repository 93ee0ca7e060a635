import * as tf from '@tensorflow/tfjs-core';
import { ColorizeError } from '../errors.js';
import { createTrainer, type Trainer, type TrainOptions } from './train-step.js';
import { loadModel, saveModel, type NamedTensor, type Pix2PixModel, type WeightsSource } from '../inference/weights.js';

const G_OPT = 'optimizer/generator/';
const D_OPT = 'optimizer/discriminator/';
const STEPS = 'trainer/steps';

/** What training needs to go on: the networks with metadata, and their trainer (optimizers, step count). */
export interface TrainingState {
  model: Required<Pix2PixModel>;
  trainer: Trainer;
}

/**
 * A resumable checkpoint: both networks, both Adam states and the step count, float32, in the
 * same model.json format (any tf.io destination: files, IndexedDB, …).
 *
 * @param state The networks, their trainer and metadata.
 * @param destination A tfjs URL ('indexeddb://…', 'file://…' in Node) or an IOHandler.
 * @param extra More named tensors to keep beside them (a session's best weights), read back by
 *   loadCheckpoint's `keepExtra`.
 * @throws ColorizeError `invalid_weights` when no handler can write there.
 */
export async function saveCheckpoint(state: TrainingState, destination: WeightsSource, extra: NamedTensor[] = []): Promise<void> {
  const { trainer } = state;
  const opt = async (o: tf.Optimizer, prefix: string): Promise<NamedTensor[]> =>
    (await o.getWeights()).map((w, i) => ({ name: `${prefix}${String(i).padStart(4, '0')}`, tensor: w.tensor }));
  const gOpt = await opt(trainer.generatorOptimizer, G_OPT);
  const dOpt = await opt(trainer.discriminatorOptimizer, D_OPT);
  const steps = tf.scalar(trainer.steps, 'int32');
  try {
    await saveModel(state.model, destination, { includeDiscriminator: true, extra: [...gOpt, ...dOpt, { name: STEPS, tensor: steps }, ...extra] });
  } finally {
    // getWeights() makes a new iteration-count scalar each call (the rest are the optimizer's own variables).
    tf.dispose([steps, gOpt[0]!.tensor, dOpt[0]!.tensor]);
  }
}

/**
 * Restore networks, optimizers and step count; training continues exactly where it stopped.
 *
 * @param source Where saveCheckpoint wrote it.
 * @param options Training options for the rest of the run (default: the paper's).
 * @param keepExtra Names of saved extra tensors to hand back in `extra` (the caller disposes
 *   them); the rest are freed.
 * @throws ColorizeError `model_unavailable` when it cannot be read; `invalid_weights` when it is
 *   not a checkpoint (no discriminator or optimizer state) or is damaged.
 */
export async function loadCheckpoint(
  source: WeightsSource,
  options: Partial<TrainOptions> = {},
  keepExtra: (name: string) => boolean = () => false,
): Promise<TrainingState & { extra: tf.NamedTensorMap }> {
  const { model, extra } = await loadModel(source);
  if (!model.discriminator || !extra[STEPS]) {
    tf.dispose(Object.values(extra));
    throw new ColorizeError('invalid_weights', 'Not a training checkpoint: it has no discriminator or optimizer state.');
  }
  const trainer = createTrainer(model.generator, model.discriminator, options);
  // Adam matches its slots to variables by position, and names are saved in order, so order is all that matters.
  const slots = (prefix: string) =>
    Object.keys(extra).filter((n) => n.startsWith(prefix)).sort().map((name) => ({ name, tensor: extra[name]! }));
  await trainer.generatorOptimizer.setWeights(slots(G_OPT));
  await trainer.discriminatorOptimizer.setWeights(slots(D_OPT));
  trainer.steps = extra[STEPS].dataSync()[0]!;
  const kept: tf.NamedTensorMap = {};
  for (const [name, t] of Object.entries(extra)) {
    if (keepExtra(name)) kept[name] = t;
    else t.dispose();
  }
  return { model: model as Required<Pix2PixModel>, trainer, extra: kept };
}

