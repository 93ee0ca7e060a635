import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { ColorizeError } from '../errors.js';

/** The backends Node can run here: wasm (fast) and cpu (the pure-JS reference). */
export type NodeBackend = 'wasm' | 'cpu';

/**
 * Node's backend. wasm (XNNPACK, SIMD) is the fastest that runs every kernel pix2pix needs:
 * about 100x the pure-JS cpu backend. tfjs-node would be faster still but downloads
 * libtensorflow at install, which this project cannot do. Training on wasm also needs
 * `registerWasmTrainingKernels()` from `@colorize/model/training`; colorizing does not.
 *
 * @param name 'wasm' (default) or 'cpu', the reference backend.
 * @throws ColorizeError `model_unavailable` when the backend does not start.
 */
export async function useNodeBackend(name: NodeBackend = 'wasm'): Promise<NodeBackend> {
  if (!(await tf.setBackend(name))) throw new ColorizeError('model_unavailable', `TensorFlow.js backend ${name} failed to initialise.`);
  await tf.ready();
  return name;
}
