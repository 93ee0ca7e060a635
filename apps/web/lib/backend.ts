/**
 * The site's TensorFlow.js backend, picked in this one file for every page and worker: webgpu,
 * then webgl, wasm, cpu (the SDK's chooser tries them in that order and reports why it skipped
 * any). Training also needs tfjs-backend-wasm's missing filter gradient, registered only then:
 * colorizing never loads training code.
 */
import { BACKEND_ORDER, selectBackend, type BackendChoice, type BrowserBackend } from '@colorize/sdk/backend';
import { WASM_PATH } from './config';

export type { BackendChoice, BrowserBackend };

/** Backends for colorizing on this device, best first (for the SDK's local mode). */
export const INFERENCE_BACKENDS: BrowserBackend[] = BACKEND_ORDER;

/** Start the first backend of `order` that works here, ready to train. */
export async function trainingBackend(order: BrowserBackend[] = BACKEND_ORDER): Promise<BackendChoice> {
  const { registerWasmTrainingKernels } = await import('@colorize/model/training');
  registerWasmTrainingKernels();
  return selectBackend(order, WASM_PATH);
}
