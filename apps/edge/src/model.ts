import * as tf from '@tensorflow/tfjs-core';
import { loadColorizer, type Colorizer } from '@colorize/model';
import { initBackend } from './backend.js';

/** Where the weights live among the worker's static assets (copied there by scripts/assets.ts). */
export const MODEL_PATH = '/models/default/model.json';

export interface LoadedModel {
  colorizer: Colorizer;
  backend: string;
  /** Weight bytes as served (quantized). */
  bytes: number;
  quantization: string;
  inputSize: number;
  /** Whether the model takes colour hints. */
  hints: boolean;
}

let loaded: Promise<LoadedModel> | undefined;

/**
 * The model, loaded once per isolate from the static assets (not bundled: the weights then
 * stay out of the script-size limit and are cached like any asset) and kept for every request.
 */
export function getModel(assets: Fetcher): Promise<LoadedModel> {
  loaded ??= load(assets).catch((e) => {
    loaded = undefined; // let the next request try again
    throw e;
  });
  return loaded;
}

async function load(assets: Fetcher): Promise<LoadedModel> {
  const backend = await initBackend();
  const fetchFunc = (input: string | URL | Request, init?: RequestInit) => assets.fetch(new Request(input instanceof Request ? input.url : String(input), init));
  // tfjs types fetchFunc as the DOM's fetch; the ASSETS binding's is the same call.
  const colorizer = await loadColorizer(tf.io.http(`https://assets.local${MODEL_PATH}`, { fetchFunc: fetchFunc as unknown as typeof fetch }));
  const { bytes, dtype } = colorizer.weights;
  const { size, hints } = colorizer.generator.config;
  return { colorizer, backend, bytes, quantization: dtype, inputSize: size, hints };
}
