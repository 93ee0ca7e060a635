/**
 * Turning a person's photos into training material, the same in Node and in a browser: which
 * photos are held out (by source photo, so no crop of a held-out photo is trained on), random
 * crops at several scales, and the squares held-out photos are scored on.
 */
import { assert } from '../errors.js';
import { resizeRgba, type RgbaImage } from '../photo/image.js';

/**
 * The photo a file came from: crops are named <package>__<photo>__<k>.jpg, so everything before
 * the last '__' (and the extension); any other name is its own photo.
 */
export function photoKey(name: string): string {
  const base = name.replace(/\.[^./]+$/, '');
  const i = base.lastIndexOf('__');
  return i > 0 ? base.slice(0, i) : base;
}

/** A number in [0, 1000) from the SHA-1 of a photo's key: tools/torch-train splits by the same rule. */
async function hash1000(key: string): Promise<number> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-1', new TextEncoder().encode(key)));
  return (((digest[0]! << 24) >>> 0) + (digest[1]! << 16) + (digest[2]! << 8) + digest[3]!) % 1000;
}

/**
 * Which source photos are held out: those whose key hashes below `fraction` (tools/torch-train's
 * rule, for a data set). Under ten source photos a threshold holds out too many or too few, so
 * the round(fraction x n) lowest hashes are held out instead, at least one and never all: a
 * person's few photos always give something to learn from and something to judge by.
 *
 * @param names File names (crops of one photo share a key, see photoKey).
 * @param fraction Of source photos to hold out, 0 to 0.5.
 * @returns The held-out keys.
 */
export async function heldOutKeys(names: readonly string[], fraction: number): Promise<Set<string>> {
  assert(fraction >= 0 && fraction <= 0.5, 'invalid_option', () => `The held-out fraction must be from 0 to 0.5, got ${fraction}.`);
  const keys = [...new Set(names.map(photoKey))];
  const hashed = await Promise.all(keys.map(async (key) => ({ key, h: await hash1000(key) })));
  hashed.sort((a, b) => a.h - b.h || a.key.localeCompare(b.key));
  let n = keys.length < 10 ? Math.round(fraction * keys.length) : hashed.filter((x) => x.h < fraction * 1000).length;
  if (keys.length >= 2 && fraction > 0) n = Math.min(Math.max(n, 1), keys.length - 1);
  return new Set(hashed.slice(0, n).map((x) => x.key));
}

/** A rectangle of an image, copied out. */
export function cropRgba(image: RgbaImage, left: number, top: number, width: number, height: number): RgbaImage {
  assert(left >= 0 && top >= 0 && width >= 1 && height >= 1 && left + width <= image.width && top + height <= image.height, 'invalid_option',
    () => `The crop ${width}x${height} at ${left},${top} is not inside ${image.width}x${image.height}.`);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    const from = ((top + y) * image.width + left) * 4;
    data.set(image.data.subarray(from, from + width * 4), y * width * 4);
  }
  return { width, height, data };
}

/** The central square of a photo at size x size: what the model sees of a photo's middle. */
export function centreSquare(image: RgbaImage, size: number): RgbaImage {
  const side = Math.min(image.width, image.height);
  const square = cropRgba(image, Math.floor((image.width - side) / 2), Math.floor((image.height - side) / 2), side, side);
  return side === size ? square : resizeRgba(square, size, size);
}

/**
 * A random square crop at a random scale, resized to size x size: the side is drawn
 * log-uniformly between `scales[0]` and `scales[1]` of the photo's shorter side (never under
 * `size` pixels where the photo allows), so a few photos give many views, from the whole scene
 * to its details.
 */
export function randomCrop(image: RgbaImage, size: number, scales: readonly [number, number], random: () => number): RgbaImage {
  const short = Math.min(image.width, image.height);
  const lo = Math.min(short, Math.max(Math.round(short * scales[0]), size));
  const hi = Math.min(short, Math.max(Math.round(short * scales[1]), lo));
  const side = Math.round(lo * (hi / lo) ** random());
  const left = Math.floor(random() * (image.width - side + 1));
  const top = Math.floor(random() * (image.height - side + 1));
  const crop = cropRgba(image, left, top, side, side);
  return side === size ? crop : resizeRgba(crop, size, size);
}

/** Which side of a photo splitPhoto holds out. */
export type Side = 'left' | 'right' | 'top' | 'bottom';

/**
 * One photo split in two: `keep` of it for training, the strip on `side` to judge by (a person
 * with one colour photo of the scene in their black-and-white one).
 *
 * @param side The held-out strip's side (default: the far end of the longer side).
 */
export function splitPhoto(image: RgbaImage, keep: number, side: Side = image.width >= image.height ? 'right' : 'bottom'): { train: RgbaImage; heldOut: RgbaImage } {
  assert(keep > 0 && keep < 1, 'invalid_option', () => `The part kept for training must be between 0 and 1, got ${keep}.`);
  const { width: w, height: h } = image;
  const across = side === 'left' || side === 'right';
  const cut = Math.round((across ? w : h) * (side === 'left' || side === 'top' ? 1 - keep : keep));
  const first = across ? cropRgba(image, 0, 0, cut, h) : cropRgba(image, 0, 0, w, cut);
  const second = across ? cropRgba(image, cut, 0, w - cut, h) : cropRgba(image, 0, cut, w, h - cut);
  return side === 'left' || side === 'top' ? { train: second, heldOut: first } : { train: first, heldOut: second };
}

/** Shrink a photo so its shorter side is at most `maxShort` (area filter); smaller photos are kept as they are. */
export function atMost(image: RgbaImage, maxShort: number): RgbaImage {
  const short = Math.min(image.width, image.height);
  if (short <= maxShort) return image;
  const k = maxShort / short;
  return resizeRgba(image, Math.max(1, Math.round(image.width * k)), Math.max(1, Math.round(image.height * k)));
}
