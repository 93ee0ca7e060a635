import { useNodeBackend, type NodeBackend } from './node/backend.js';

// Tests run on wasm (see node/backend.ts); TFJS_BACKEND=cpu reruns them on the reference backend.
await useNodeBackend((process.env.TFJS_BACKEND as NodeBackend | undefined) ?? 'wasm');
