import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import simdWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?module';

/**
 * The worker's TensorFlow.js backend: wasm with SIMD (XNNPACK), about 6x the cpu backend on
 * the ngf 16 generator in workerd (npm run bench), with cpu as the fallback.
 *
 * workerd forbids compiling WebAssembly from bytes, which is how tfjs-backend-wasm loads its
 * binary, and offers no hook into its Emscripten factory. So, while the backend starts and
 * only then: tfjs's fetch of the .wasm gets an empty answer, and WebAssembly.instantiate gets
 * the module wrangler compiled at build time instead of those bytes.
 */
let chosen: Promise<string> | undefined;

export function initBackend(): Promise<string> {
  chosen ??= start();
  return chosen;
}

async function start(): Promise<string> {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  tf.env().set('WASM_HAS_SIMD_SUPPORT', true);
  const marker = 'https://precompiled.invalid/tfjs-backend-wasm-simd.wasm';
  setWasmPaths({ 'tfjs-backend-wasm.wasm': marker, 'tfjs-backend-wasm-simd.wasm': marker, 'tfjs-backend-wasm-threaded-simd.wasm': marker }, true);
  const platform = tf.env().platform;
  const fetchBefore = platform.fetch;
  const instantiateBefore = WebAssembly.instantiate;
  platform.fetch = async () => new Response(new ArrayBuffer(0));
  WebAssembly.instantiate = ((_bytes: unknown, imports?: WebAssembly.Imports) =>
    instantiateBefore(simdWasm, imports).then((instance) => ({ instance, module: simdWasm }))) as typeof WebAssembly.instantiate;
  try {
    if (await tf.setBackend('wasm')) return 'wasm';
  } catch (e) {
    console.warn(`wasm backend failed, using cpu: ${(e as Error).message}`);
  } finally {
    platform.fetch = fetchBefore;
    WebAssembly.instantiate = instantiateBefore;
  }
  await tf.setBackend('cpu');
  return 'cpu';
}
