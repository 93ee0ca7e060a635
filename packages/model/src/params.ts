import * as tf from '@tensorflow/tfjs-core';

/** A network's parameters by name; names match tools/torch-train so weights move across as they are. */
export type ParamMap = Map<string, tf.Variable>;

/** Keras's BatchNormalization defaults, as the TensorFlow pix2pix tutorial uses. */
export const BN_EPSILON = 1e-3;
export const BN_MOMENTUM = 0.99;

/** What a network needs to build its parameters: shapes, and N(0, 0.02) draws from one seed. */
export class ParamBuilder {
  readonly params: ParamMap = new Map();
  private next = 0;
  constructor(
    private readonly prefix: string,
    private readonly seed: number,
  ) {}

  /** Conv kernel drawn from N(0, 0.02), the paper's initialisation. */
  kernel(name: string, shape: number[]): void {
    this.add(name, tf.randomNormal(shape, 0, 0.02, 'float32', this.seed * 1000 + this.next++), true);
  }

  bias(name: string, size: number): void {
    this.add(name, tf.zeros([size]), true);
  }

  batchNorm(name: string, size: number): void {
    this.add(`${name}/gamma`, tf.ones([size]), true);
    this.add(`${name}/beta`, tf.zeros([size]), true);
    this.add(`${name}/moving_mean`, tf.zeros([size]), false);
    this.add(`${name}/moving_variance`, tf.ones([size]), false);
  }

  private add(name: string, value: tf.Tensor, trainable: boolean): void {
    const full = `${this.prefix}/${name}`;
    // Variable names are global in tfjs: a unique suffix lets two models of one kind coexist.
    this.params.set(full, tf.variable(value, trainable, `${full}#${uniqueId++}`));
    value.dispose();
  }
}

let uniqueId = 0;

export function param(params: ParamMap, name: string): tf.Variable {
  const p = params.get(name);
  if (!p) throw new Error(`Missing parameter ${name}`);
  return p;
}

/** Trainable variables only (BatchNorm's moving statistics are updated, not learnt). */
export function trainable(params: ParamMap): tf.Variable[] {
  return [...params.values()].filter((v) => v.trainable);
}

/** Every value counted the way Keras's model.summary() counts: moving statistics included. */
export function countParams(params: ParamMap): number {
  let n = 0;
  for (const v of params.values()) n += v.size;
  return n;
}

export function disposeParams(params: ParamMap): void {
  for (const v of params.values()) v.dispose();
  params.clear();
}
