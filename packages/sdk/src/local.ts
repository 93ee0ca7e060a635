import { loadColorizer, type Colorizer as ModelColorizer } from '@colorize/model';
import { selectBackend, type BrowserBackend } from './backend.js';
import type { ColorizeOptions, Colorizer } from './client.js';
import { ColorizeApiError } from './errors.js';
import { toImageData, type ImageInput } from './input.js';

export interface LocalOptions {
  /** model.json of the weights: an http(s) URL or 'indexeddb://name'. */
  modelUrl: string;
  /** Backends to try, in order (default webgpu, webgl, wasm, cpu). */
  backends?: BrowserBackend[];
  /** Folder serving tfjs-backend-wasm's .wasm files, for the wasm backend. */
  wasmPath?: string;
}

export interface LocalColorizer extends Colorizer {
  readonly backend: BrowserBackend;
  dispose(): void;
}

async function encode(image: { width: number; height: number; data: Uint8ClampedArray | Uint8Array }, options: ColorizeOptions): Promise<Blob> {
  const canvas = new OffscreenCanvas(image.width, image.height);
  canvas.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0);
  const type = `image/${options.format ?? 'png'}`;
  return canvas.convertToBlob({ type, quality: (options.quality ?? 85) / 100 });
}

/** Colorize in this page: the photo never leaves the device. */
export async function createLocalColorizer(options: LocalOptions): Promise<LocalColorizer> {
  const { backend } = await selectBackend(options.backends, options.wasmPath);
  let model: ModelColorizer;
  try {
    model = await loadColorizer(options.modelUrl);
  } catch (e) {
    throw new ColorizeApiError('model_unavailable', `Could not load the model from ${options.modelUrl}: ${(e as Error).message}`);
  }
  async function colorize(input: ImageInput, opts: ColorizeOptions = {}): Promise<Blob> {
    const image = await toImageData(input, opts.signal);
    if (opts.signal?.aborted) throw new ColorizeApiError('aborted', 'Colorizing was cancelled.');
    try {
      return await encode(await model.colorize(image, { saturation: opts.saturation ?? 1 }), opts);
    } catch (e) {
      const code = (e as { code?: string }).code ?? 'local_failure';
      throw new ColorizeApiError(code, (e as Error).message);
    }
  }
  return {
    backend,
    colorize,
    async colorizeToURL(input, opts) {
      return URL.createObjectURL(await colorize(input, opts));
    },
    async colorizeToBitmap(input, opts) {
      return createImageBitmap(await colorize(input, opts));
    },
    dispose: () => model.dispose(),
  };
}
