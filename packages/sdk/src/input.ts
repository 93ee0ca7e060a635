import type { RgbaImage } from '@colorize/model/photo';
import { ColorizeApiError } from './errors.js';

/** Everything `colorize()` accepts. */
export type ImageInput = Blob | ImageBitmap | HTMLImageElement | HTMLCanvasElement | OffscreenCanvas | string | URL;

async function canvasBlob(draw: (ctx: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D) => void, w: number, h: number): Promise<Blob> {
  if (typeof OffscreenCanvas !== 'undefined') {
    const canvas = new OffscreenCanvas(w, h);
    draw(canvas.getContext('2d')!);
    return canvas.convertToBlob({ type: 'image/png' });
  }
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  draw(canvas.getContext('2d')!);
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new ColorizeApiError('invalid_input', 'The canvas could not be encoded.'))), 'image/png'));
}

/** Pixels of any accepted input, via the browser's own decoder. */
export async function toImageData(input: ImageInput, signal?: AbortSignal): Promise<ImageData> {
  if (typeof createImageBitmap === 'undefined') {
    throw new ColorizeApiError('invalid_input', 'Decoding an image file needs a browser: outside one (Node), pass pixels ({ width, height, data }).');
  }
  const blob = await toBlob(input, signal);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob);
  } catch {
    throw new ColorizeApiError('invalid_image', 'That file is not an image this browser can read.');
  }
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  return ctx.getImageData(0, 0, canvas.width, canvas.height);
}

/** Turn any accepted input into image bytes to upload (PNG for pixels, as-is for files). */
export async function toBlob(input: ImageInput, signal?: AbortSignal): Promise<Blob> {
  if (input instanceof Blob) return input;
  if (typeof input === 'string' || input instanceof URL) {
    let res: Response;
    try {
      res = await fetch(input, { signal });
    } catch (e) {
      throw new ColorizeApiError(signal?.aborted ? 'aborted' : 'network', `Could not fetch ${String(input)}: ${(e as Error).message}`);
    }
    if (!res.ok) throw new ColorizeApiError('invalid_input', `Fetching ${String(input)} gave HTTP ${res.status}.`, res.status);
    return res.blob();
  }
  if (typeof HTMLCanvasElement !== 'undefined' && input instanceof HTMLCanvasElement) {
    return canvasBlob((ctx) => ctx.drawImage(input, 0, 0), input.width, input.height);
  }
  if (typeof OffscreenCanvas !== 'undefined' && input instanceof OffscreenCanvas) return input.convertToBlob({ type: 'image/png' });
  if (typeof HTMLImageElement !== 'undefined' && input instanceof HTMLImageElement) {
    if (!input.complete) await input.decode();
    if (!input.naturalWidth) throw new ColorizeApiError('invalid_input', 'The <img> has no image loaded.');
    return canvasBlob((ctx) => ctx.drawImage(input, 0, 0), input.naturalWidth, input.naturalHeight);
  }
  if (typeof ImageBitmap !== 'undefined' && input instanceof ImageBitmap) {
    return canvasBlob((ctx) => ctx.drawImage(input, 0, 0), input.width, input.height);
  }
  throw new ColorizeApiError('invalid_input', 'colorize() takes a Blob, File, ImageBitmap, <img>, <canvas> or a URL.');
}

/** RGBA pixels as an image file (png by default; quality 1-100 for jpeg and webp, default 85), via the browser's encoder. */
export async function encodePixels(image: RgbaImage, format: 'png' | 'jpeg' | 'webp' = 'png', quality = 85): Promise<Blob> {
  if (typeof OffscreenCanvas === 'undefined') {
    throw new ColorizeApiError('invalid_input', 'Encoding an image file needs a browser: outside one (Node), use colorizeToPixels().');
  }
  const canvas = new OffscreenCanvas(image.width, image.height);
  // ImageData takes the pixels as they are when they are clamped bytes: no second full-size copy.
  const data = image.data instanceof Uint8ClampedArray ? image.data : new Uint8ClampedArray(image.data);
  canvas.getContext('2d')!.putImageData(new ImageData(data as Uint8ClampedArray<ArrayBuffer>, image.width, image.height), 0, 0);
  return canvas.convertToBlob({ type: `image/${format}`, quality: quality / 100 });
}
