/**
 * The browser's TensorFlow.js backend, in order of preference: webgpu, webgl, wasm, cpu.
 * Each is imported only when tried, and the one that initialises wins.
 */
export type BrowserBackend = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

export const BACKEND_ORDER: BrowserBackend[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export interface BackendChoice {
  backend: BrowserBackend;
  /** Why earlier backends were skipped, for the UI to say so. */
  skipped: { backend: BrowserBackend; reason: string }[];
}

/** `wasmPath`: folder (ending in /) serving tfjs-backend-wasm's .wasm files. */
export async function selectBackend(order: BrowserBackend[] = BACKEND_ORDER, wasmPath?: string): Promise<BackendChoice> {
  const tf = await import('@tensorflow/tfjs-core');
  const skipped: BackendChoice['skipped'] = [];
  for (const backend of order) {
    try {
      if (backend === 'webgpu') {
        if (!('gpu' in navigator) || !(await (navigator as Navigator & { gpu: { requestAdapter(): Promise<unknown> } }).gpu.requestAdapter())) {
          throw new Error('no WebGPU adapter');
        }
        await import('@tensorflow/tfjs-backend-webgpu');
      } else if (backend === 'webgl') {
        await import('@tensorflow/tfjs-backend-webgl');
      } else if (backend === 'wasm') {
        const wasm = await import('@tensorflow/tfjs-backend-wasm');
        if (wasmPath) wasm.setWasmPaths(wasmPath);
        // tfjs-backend-wasm cannot train without this kernel (the studio's fallback trains on it).
        (await import('@colorize/model')).registerWasmTrainingKernels();
      } else {
        await import('@tensorflow/tfjs-backend-cpu');
      }
      if (await tf.setBackend(backend)) {
        await tf.ready();
        return { backend, skipped };
      }
      skipped.push({ backend, reason: 'failed to initialise' });
    } catch (e) {
      skipped.push({ backend, reason: (e as Error).message });
    }
  }
  throw new Error(`No TensorFlow.js backend works here: ${skipped.map((s) => `${s.backend} (${s.reason})`).join(', ')}`);
}
