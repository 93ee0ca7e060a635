import { useNodeBackend, type NodeBackend } from './node/backend.js';
import { registerWasmTrainingKernels } from './training/wasm-kernels.js';

// Tests run on wasm (see node/backend.ts), training included; TFJS_BACKEND=cpu reruns them on the reference backend.
registerWasmTrainingKernels();
await useNodeBackend((process.env.TFJS_BACKEND as NodeBackend | undefined) ?? 'wasm');
