import * as tf from '@tensorflow/tfjs-core';
import { ColorizeError } from '../errors.js';

/** A network's parameters by name; names match tools/torch-train so weights move across as they are. */
export type ParamMap = Map<string, tf.Variable>;

/** Keras's BatchNormalization defaults, as the TensorFlow pix2pix tutorial uses. */
export const BN_EPSILON = 1e-3;
export const BN_MOMENTUM = 0.99;

/** Saved values by full parameter name: a network built from them skips its random initialisation. */
export type InitialValues = Record<string, tf.Tensor>;

/** What a network needs to build its parameters: shapes, and N(0, 0.02) draws from one seed (or saved values). */
export class ParamBuilder {
  readonly params: ParamMap = new Map();
  private next = 0;
  constructor(
    private readonly prefix: string,
    private readonly seed: number,
    private readonly initial?: InitialValues,
  ) {}

  /** Conv kernel drawn from N(0, 0.02), the paper's initialisation. */
  kernel(name: string, shape: number[]): void {
    const seed = this.seed * 1000 + this.next++;
    this.add(name, shape, () => tf.randomNormal(shape, 0, 0.02, 'float32', seed), true);
  }

  bias(name: string, size: number): void {
    this.add(name, [size], () => tf.zeros([size]), true);
  }

  batchNorm(name: string, size: number): void {
    this.add(`${name}/gamma`, [size], () => tf.ones([size]), true);
    this.add(`${name}/beta`, [size], () => tf.zeros([size]), true);
    this.add(`${name}/moving_mean`, [size], () => tf.zeros([size]), false);
    this.add(`${name}/moving_variance`, [size], () => tf.ones([size]), false);
  }

  private add(name: string, shape: number[], init: () => tf.Tensor, trainable: boolean): void {
    const full = `${this.prefix}/${name}`;
    const saved = this.initial?.[full];
    if (this.initial && !saved) throw new ColorizeError('invalid_weights', `The weights lack ${full}.`);
    if (saved && !tf.util.arraysEqual(saved.shape, shape)) {
      throw new ColorizeError('invalid_weights', `${full} has shape [${saved.shape}], the network needs [${shape}].`);
    }
    // Saved values are used as they are: no random draw to overwrite, no second copy in memory.
    const value = saved ?? init();
    // Variable names are global in tfjs: a unique suffix lets two models of one kind coexist.
    this.params.set(full, tf.variable(value, trainable, `${full}#${uniqueId++}`));
    value.dispose();
  }
}

let uniqueId = 0;

export function param(params: ParamMap, name: string): tf.Variable {
  const p = params.get(name);
  // Only a network built from incomplete weights can lack one.
  if (!p) throw new ColorizeError('invalid_weights', `The network has no parameter ${name}.`);
  return p;
}

/** Trainable variables only (BatchNorm's moving statistics are updated, not learnt). */
export function trainable(params: ParamMap): tf.Variable[] {
  return [...params.values()].filter((v) => v.trainable);
}

/**
 * Every value counted the way Keras's model.summary() counts: moving statistics included.
 *
 * @param params A network's `params`.
 */
export function countParams(params: ParamMap): number {
  let n = 0;
  for (const v of params.values()) n += v.size;
  return n;
}

/** Free every variable of a network (its params map is left empty). */
export function disposeParams(params: ParamMap): void {
  for (const v of params.values()) v.dispose();
  params.clear();
}
