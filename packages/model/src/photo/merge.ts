import { assert } from '../errors.js';
import { assertRgbaImage, type RgbaImage } from './image.js';
import { rgbaToLab, recolourPixel } from './lab.js';

/**
 * a*b* on a grid, interleaved [a, b, a, b, ...], and the rectangle of it that covers the photo
 * (the model's square holds the photo fitted and padded; a colour image is all photo).
 */
export interface AbGrid {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
  readonly region: { readonly left: number; readonly top: number; readonly width: number; readonly height: number };
}

/** Where the pixels of a merge go, and which rows of the photo they are. */
export interface MergeOptions<T extends Uint8ClampedArray | Uint8Array> {
  /** The buffer to write (original.data itself is fine: each pixel is read before it is written); default a new one. */
  out?: T;
  /**
   * When `original` is a band of rows of a larger photo (a merge done band by band, so no
   * second full-size buffer is held): the band's first row in the photo and the photo's height.
   */
  band?: { top: number; photoHeight: number };
}

/**
 * The full-resolution merge: every pixel of `original` keeps its own L* and alpha, and takes
 * the a*b* sampled bilinearly (between pixel centres, clamped at the grid's edges) from `grid`
 * at the same place in the photo, times `abScale`. colorize() runs it on the model's own grid;
 * mergeColour on a colour image's.
 */
export function mergeAb<T extends Uint8ClampedArray | Uint8Array>(original: RgbaImage, grid: AbGrid, abScale: number, out: T, band = { top: 0, photoHeight: original.height }): T {
  const { width, height, data: rgba } = original;
  const { width: gw, height: gh, data: ab, region } = grid;
  const sx = region.width / width;
  const sy = region.height / band.photoHeight;
  // Per column once: the two grid columns (as offsets into ab) and the weight of the second.
  const col0 = new Int32Array(width);
  const col1 = new Int32Array(width);
  const colT = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    const gx = Math.min(Math.max((x + 0.5) * sx - 0.5 + region.left, 0), gw - 1);
    const x0 = Math.min(Math.floor(gx), Math.max(gw - 2, 0));
    col0[x] = x0 * 2;
    col1[x] = Math.min(x0 + 1, gw - 1) * 2;
    colT[x] = gx - x0;
  }
  for (let y = 0; y < height; y++) {
    const gy = Math.min(Math.max((band.top + y + 0.5) * sy - 0.5 + region.top, 0), gh - 1);
    const y0 = Math.min(Math.floor(gy), Math.max(gh - 2, 0));
    const ty = gy - y0;
    const r0 = y0 * gw * 2;
    const r1 = Math.min(y0 + 1, gh - 1) * gw * 2;
    for (let x = 0; x < width; x++) {
      const tx = colT[x]!;
      const p00 = r0 + col0[x]!;
      const p01 = r0 + col1[x]!;
      const p10 = r1 + col0[x]!;
      const p11 = r1 + col1[x]!;
      const w00 = (1 - tx) * (1 - ty);
      const w01 = tx * (1 - ty);
      const w10 = (1 - tx) * ty;
      const w11 = tx * ty;
      const a = (ab[p00]! * w00 + ab[p01]! * w01 + ab[p10]! * w10 + ab[p11]! * w11) * abScale;
      const b = (ab[p00 + 1]! * w00 + ab[p01 + 1]! * w01 + ab[p10 + 1]! * w10 + ab[p11 + 1]! * w11) * abScale;
      const o = (y * width + x) * 4;
      const alpha = rgba[o + 3]!;
      recolourPixel(rgba, o, a, b, out);
      out[o + 3] = alpha;
    }
  }
  return out;
}

/** A colour image's a*b*, as a grid that is all photo. */
function abGrid(colour: RgbaImage): AbGrid {
  const { width, height } = colour;
  const lab = rgbaToLab(colour.data, width * height);
  const data = new Float32Array(width * height * 2);
  for (let i = 0, j = 0; j < data.length; i += 3, j += 2) {
    data[j] = lab[i + 1]!;
    data[j + 1] = lab[i + 2]!;
  }
  return { width, height, data, region: { left: 0, top: 0, width, height } };
}

/**
 * A photo at its own size in the colours of a smaller colorized copy of it (what the model or
 * the edge gave for a reduced copy): the colour's a*b* upsampled bilinearly to the photo's size,
 * with the photo's own L* and alpha, so every detail of the original is kept. Runs anywhere (no
 * TensorFlow.js); colorize() makes its own full-size result with the same merge.
 *
 * @param original The photo, upright RGBA at full size (or a band of its rows: `options.band`).
 * @param colour The colorized copy, any size (usually the photo fitted in a few hundred pixels),
 *   of the same framing as the whole photo.
 * @param options `out`: where to write (`original.data` to merge in place); `band`: which rows
 *   of the photo `original` holds.
 * @throws ColorizeError `empty_image` / `invalid_image` for a malformed image, `invalid_option`
 *   for a band outside the photo.
 */
export function mergeColour<T extends Uint8ClampedArray | Uint8Array = Uint8ClampedArray>(
  original: RgbaImage,
  colour: RgbaImage,
  options: MergeOptions<T> = {},
): RgbaImage & { data: T } {
  assertRgbaImage(original, Infinity);
  assertRgbaImage(colour, Infinity);
  const band = options.band ?? { top: 0, photoHeight: original.height };
  assert(
    Number.isInteger(band.top) && band.top >= 0 && band.top + original.height <= band.photoHeight,
    'invalid_option',
    () => `A band of ${original.height} rows from row ${band.top} does not fit in a photo ${band.photoHeight} rows tall.`,
  );
  const out = options.out ?? (new Uint8ClampedArray(original.data.length) as T);
  assert(out.length === original.data.length, 'invalid_option', () => `The output holds ${out.length} bytes; the photo needs ${original.data.length}.`);
  mergeAb(original, abGrid(colour), 1, out, band);
  return { width: original.width, height: original.height, data: out };
}
