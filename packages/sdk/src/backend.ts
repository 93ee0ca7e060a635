/**
 * Local mode's TensorFlow.js backend, in order of preference: webgpu, webgl, wasm, cpu. Each is
 * imported only when tried, and the first that initialises wins. Only what inference needs:
 * an app that also trains registers its training kernels itself.
 */
import { ColorizeApiError } from './errors.js';

export type BrowserBackend = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

export const BACKEND_ORDER: BrowserBackend[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export interface BackendChoice {
  backend: BrowserBackend;
  /** Why earlier backends were skipped, for the UI to say so. */
  skipped: { backend: BrowserBackend; reason: string }[];
}

async function webgpuAdapter(): Promise<unknown> {
  // Node 20 has no navigator at all; browsers without WebGPU have no navigator.gpu.
  const nav = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<unknown> } } }).navigator;
  return nav?.gpu ? nav.gpu.requestAdapter() : null;
}

/**
 * @param order Backends to try, first to last.
 * @param wasmPath Folder (ending in /) serving tfjs-backend-wasm's .wasm files, for the wasm
 *   backend in a browser; in Node it finds them itself.
 * @throws ColorizeApiError `model_unavailable` when none of them works here.
 */
export async function selectBackend(order: BrowserBackend[] = BACKEND_ORDER, wasmPath?: string): Promise<BackendChoice> {
  const tf = await import('@tensorflow/tfjs-core');
  const skipped: BackendChoice['skipped'] = [];
  for (const backend of order) {
    try {
      if (backend === 'webgpu') {
        if (!(await webgpuAdapter())) throw new Error('no WebGPU adapter');
        await import('@tensorflow/tfjs-backend-webgpu');
      } else if (backend === 'webgl') {
        if (typeof document === 'undefined' && typeof OffscreenCanvas === 'undefined') throw new Error('no canvas for WebGL');
        await import('@tensorflow/tfjs-backend-webgl');
      } else if (backend === 'wasm') {
        const wasm = await import('@tensorflow/tfjs-backend-wasm');
        if (wasmPath) wasm.setWasmPaths(wasmPath);
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
  throw new ColorizeApiError('model_unavailable', `No TensorFlow.js backend works here: ${skipped.map((s) => `${s.backend} (${s.reason})`).join(', ')}`);
}
