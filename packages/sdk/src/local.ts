import { ColorizeError, loadColorizer, type Colorizer as ModelColorizer, type Hint, type RgbaImage, type WeightsSource } from '@colorize/model';
import { selectBackend, type BrowserBackend } from './backend.js';
import type { ColorizeOptions, Colorizer } from './client.js';
import { ColorizeApiError } from './errors.js';
import { colorizeThroughCopy } from './full-size.js';
import { encodePixels, toImageData, type ImageInput } from './input.js';

export interface LocalOptions {
  /**
   * model.json of the weights: an http(s) or site-relative URL, 'indexeddb://name', or in Node
   * 'file:///dir/model.json' (after `import '@colorize/model/node'`); or a tfjs IOHandler (the
   * site passes the files it has already fetched).
   */
  modelUrl: WeightsSource;
  /** Backends to try, in order (default webgpu, webgl, wasm, cpu). */
  backends?: BrowserBackend[];
  /** Folder serving tfjs-backend-wasm's .wasm files, for the wasm backend in a browser. */
  wasmPath?: string;
}

/** Pixels in or out: an ImageData, or any { width, height, data } of RGBA bytes (what Node has). */
export type Pixels = RgbaImage;

export interface LocalColorizer extends Colorizer {
  readonly backend: BrowserBackend;
  /** The colorized pixels, at the input's size: the way to colorize where no canvas is (Node). */
  colorizeToPixels(input: ImageInput | Pixels, options?: Pick<ColorizeOptions, 'saturation' | 'hints' | 'signal'>): Promise<Pixels>;
  dispose(): void;
}

const isPixels = (x: unknown): x is Pixels =>
  typeof x === 'object' && x !== null && 'width' in x && 'height' in x && 'data' in x && ArrayBuffer.isView((x as Pixels).data);

/** The model package's errors keep their code; anything else is ours to own, not the caller's. */
function asApiError(e: unknown): ColorizeApiError {
  if (e instanceof ColorizeApiError) return e;
  if (e instanceof ColorizeError) return new ColorizeApiError(e.code, e.message);
  return new ColorizeApiError('internal', `Colorizing on this device failed: ${(e as Error).message ?? String(e)}`);
}

/**
 * Colorize in this page (or in Node): the photo never leaves the device.
 *
 * @throws ColorizeApiError `model_unavailable` when no backend works or the model cannot be
 *   fetched; `invalid_weights` when modelUrl is not a Colorize model.
 */
export async function createLocalColorizer(options: LocalOptions): Promise<LocalColorizer> {
  const { backend } = await selectBackend(options.backends, options.wasmPath);
  let model: ModelColorizer;
  try {
    model = await loadColorizer(options.modelUrl);
  } catch (e) {
    throw asApiError(e);
  }
  async function colorizeToPixels(input: ImageInput | Pixels, opts: Pick<ColorizeOptions, 'saturation' | 'hints' | 'signal'> = {}): Promise<Pixels> {
    const given = isPixels(input);
    const image = given ? input : await toImageData(input, opts.signal);
    if (opts.signal?.aborted) throw new ColorizeApiError('aborted', 'Colorizing was cancelled.');
    try {
      // The model sees its own size: it gets a copy that size, and its colour goes onto the photo
      // (in the decoded pixels themselves; a caller's pixels are left as they are).
      const out = given ? new Uint8ClampedArray(image.data.length) : image.data;
      const copy = (small: Pixels, hints: Hint[] | undefined) => model.colorize(small, { saturation: opts.saturation ?? 1, hints });
      return await colorizeThroughCopy(image, model.generator.config.size, opts.hints, copy, out, opts.signal);
    } catch (e) {
      throw asApiError(e);
    }
  }
  async function colorize(input: ImageInput, opts: ColorizeOptions = {}): Promise<Blob> {
    return encodePixels(await colorizeToPixels(input, opts), opts.format, opts.quality);
  }
  return {
    backend,
    colorize,
    colorizeToPixels,
    async colorizeToURL(input, opts) {
      return URL.createObjectURL(await colorize(input, opts));
    },
    async colorizeToBitmap(input, opts) {
      return createImageBitmap(await colorize(input, opts));
    },
    dispose: () => model.dispose(),
  };
}
