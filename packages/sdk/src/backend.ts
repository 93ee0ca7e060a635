/**
 * Local mode's TensorFlow.js backend, in order of preference: webgpu, webgl, wasm, cpu. Each is
 * imported only when tried, and the first that initialises wins; a software WebGPU adapter is
 * passed over for the next. Only what inference needs: an app that also trains registers its
 * training kernels itself.
 */
import { ColorizeApiError } from './errors.js';

export type BrowserBackend = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

export const BACKEND_ORDER: BrowserBackend[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export interface BackendChoice {
  backend: BrowserBackend;
  /** Why earlier backends were skipped, for the UI to say so. */
  skipped: { backend: BrowserBackend; reason: string }[];
}

interface Adapter {
  isFallbackAdapter?: boolean;
  info?: { architecture?: string; description?: string; isFallbackAdapter?: boolean };
}

/**
 * Why WebGPU should not be used by default here, or undefined when a hardware adapter is
 * offered. A browser without a GPU offers a software one (SwiftShader), 7-18x slower than wasm.
 */
export async function webgpuProblem(): Promise<string | undefined> {
  // Node 20 has no navigator at all; browsers without WebGPU have no navigator.gpu.
  const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<Adapter | null> } } }).navigator?.gpu;
  const adapter = await gpu?.requestAdapter();
  if (!adapter) return 'no WebGPU adapter';
  const info = adapter.info ?? {};
  const software = adapter.isFallbackAdapter || info.isFallbackAdapter || /swiftshader/i.test(`${info.architecture} ${info.description}`);
  return software ? 'software adapter (no GPU), skipped' : undefined;
}

/**
 * @param order Backends to try, first to last. A software WebGPU adapter is skipped unless
 *   WebGPU is the only backend asked for.
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
        const problem = await webgpuProblem();
        if (problem && (order.length > 1 || problem === 'no WebGPU adapter')) throw new Error(problem);
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
