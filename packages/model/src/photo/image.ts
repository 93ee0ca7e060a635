import { assert, ColorizeError } from '../errors.js';

/** An RGBA image laid out like the DOM's ImageData (which satisfies it). */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray | Uint8Array;
}

/** One float channel of an image, row-major. */
export interface Plane {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

/**
 * 64 megapixels: a 50 MP phone photo and a 600 dpi scan of an 8x10 print (29 MP) fit, a
 * decompression bomb does not (64 MP of RGBA is 256 MB).
 */
export const DEFAULT_MAX_PIXELS = 64_000_000;

export function assertRgbaImage(image: RgbaImage, maxPixels = DEFAULT_MAX_PIXELS): void {
  const { width, height, data } = image ?? {};
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0) {
    throw new ColorizeError('invalid_image', `Image size must be whole numbers of pixels, got ${width}x${height}.`);
  }
  if (width === 0 || height === 0) {
    throw new ColorizeError('empty_image', `The image is empty (${width}x${height} pixels).`);
  }
  if (width * height > maxPixels) {
    throw new ColorizeError(
      'image_too_large',
      `The image has ${width}x${height} = ${(width * height / 1e6).toFixed(1)} megapixels; the limit is ${(maxPixels / 1e6).toFixed(1)}.`,
    );
  }
  if (!data || data.length !== width * height * 4) {
    throw new ColorizeError('invalid_image', `Expected ${width * height * 4} RGBA bytes for ${width}x${height}, got ${data?.length ?? 0}.`);
  }
}

/**
 * Resample a plane to a new size. Shrinking averages every source pixel under each target
 * pixel (area filter, so a 4000 px photo does not alias on its way to 256 px); enlarging
 * interpolates bilinearly between pixel centres.
 */
export function resizePlane(src: Plane, width: number, height: number): Plane {
  if (width === src.width && height === src.height) return src;
  return resizeRows(src.width, src.height, width, height, (y, row) => row.set(src.data.subarray(y * src.width, (y + 1) * src.width)));
}

/**
 * resizePlane for a plane that is never held whole: `readRow(y, row)` fills one source row at a
 * time, so a 40 MP photo costs one row plus a plane of the (small) target width.
 */
export function resizeRows(srcWidth: number, srcHeight: number, width: number, height: number, readRow: (y: number, row: Float32Array) => void): Plane {
  const rows = resize1d(srcHeight, height);
  const cols = resize1d(srcWidth, width);
  // Separable: columns first into a temporary of the new width, then rows.
  const row = new Float32Array(srcWidth);
  const tmp = new Float32Array(width * srcHeight);
  for (let y = 0; y < srcHeight; y++) {
    readRow(y, row);
    for (let x = 0; x < width; x++) tmp[y * width + x] = cols.apply(row, 0, 1, x);
  }
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) out[y * width + x] = rows.apply(tmp, x, width, y);
  }
  return { width, height, data: out };
}

/**
 * Resize an RGBA image (area filter down, so a 50 MP photo does not alias on its way to a few
 * hundred pixels; bilinear up), channel by channel. Rows are read one at a time (resizeRows), so
 * shrinking a large photo holds no full-size float plane: only the small result and a column
 * strip of the new width.
 *
 * @param image RGBA pixels.
 * @param width The new width; `height` the new height (1 or more each).
 * @throws ColorizeError `invalid_option` for a size below 1 pixel.
 */
export function resizeRgba(image: RgbaImage, width: number, height: number): RgbaImage {
  assert(Number.isInteger(width) && Number.isInteger(height) && width >= 1 && height >= 1, 'invalid_option', () => `Cannot resize to ${width}x${height}.`);
  const { width: w, data } = image;
  const out = new Uint8ClampedArray(width * height * 4);
  for (let c = 0; c < 4; c++) {
    const r = resizeRows(w, image.height, width, height, (y, row) => {
      for (let x = 0, o = y * w * 4 + c; x < w; x++, o += 4) row[x] = data[o]!;
    }).data;
    for (let i = 0; i < r.length; i++) out[i * 4 + c] = r[i]! + 0.5;
  }
  return { width, height, data: out };
}

/**
 * The size of a photo fitted inside side x side, its aspect ratio kept (never enlarged): the
 * reduced copy to colorize, whose colour mergeColour then gives the full-size photo.
 *
 * @param width The photo's width; `height` its height (pixels).
 * @param side The longest side allowed (pixels).
 */
export function fitWithin(width: number, height: number, side: number): { width: number; height: number } {
  const k = Math.min(1, side / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * k)), height: Math.max(1, Math.round(height * k)) };
}

interface Resampler1d {
  apply(data: Float32Array, offset: number, stride: number, i: number): number;
}

/** Weights of every target sample along one axis, computed once per axis. */
function resize1d(from: number, to: number): Resampler1d {
  const starts: number[] = [];
  const weights: number[][] = [];
  const scale = from / to;
  for (let i = 0; i < to; i++) {
    if (to < from) {
      const a = i * scale;
      const b = (i + 1) * scale;
      const first = Math.floor(a);
      const w: number[] = [];
      for (let s = first; s < b; s++) w.push((Math.min(b, s + 1) - Math.max(a, s)) / scale);
      starts.push(first);
      weights.push(w);
    } else {
      const c = Math.min(Math.max((i + 0.5) * scale - 0.5, 0), from - 1);
      const first = Math.floor(c);
      const t = c - first;
      starts.push(first);
      weights.push(first + 1 < from ? [1 - t, t] : [1]);
    }
  }
  return {
    apply(data, offset, stride, i) {
      const w = weights[i]!;
      let sum = 0;
      let p = offset + starts[i]! * stride;
      for (let k = 0; k < w.length; k++, p += stride) sum += w[k]! * data[p]!;
      return sum;
    },
  };
}

/**
 * Reflect-pad a plane (mirror without repeating the edge, folding again when the pad is
 * longer than the plane), so the generator sees image-like content rather than a border.
 */
export function reflectPad(src: Plane, top: number, left: number, width: number, height: number): Plane {
  const out = new Float32Array(width * height);
  const rowIndex = Array.from({ length: height }, (_, y) => reflectIndex(y - top, src.height));
  const colIndex = Array.from({ length: width }, (_, x) => reflectIndex(x - left, src.width));
  for (let y = 0; y < height; y++) {
    const row = rowIndex[y]! * src.width;
    for (let x = 0; x < width; x++) out[y * width + x] = src.data[row + colIndex[x]!]!;
  }
  return { width, height, data: out };
}

export function reflectIndex(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  const m = ((i % period) + period) % period;
  return m < n ? m : period - m;
}
