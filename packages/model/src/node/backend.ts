import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from '../wasm-kernels.js';

export type NodeBackend = 'wasm' | 'cpu';

/**
 * Node's backend. wasm (XNNPACK, SIMD) is the fastest that runs every kernel pix2pix needs,
 * once our Conv2DBackpropFilter is registered: about 100x the pure-JS cpu backend on a
 * training step. tfjs-node would be faster still but downloads libtensorflow at install,
 * which this project cannot do.
 */
export async function useNodeBackend(name: NodeBackend = 'wasm'): Promise<NodeBackend> {
  registerWasmTrainingKernels();
  if (!(await tf.setBackend(name))) throw new Error(`TensorFlow.js backend ${name} failed to initialise.`);
  await tf.ready();
  return name;
}
