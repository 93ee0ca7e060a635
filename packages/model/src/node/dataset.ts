import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { RgbaImage } from '../image.js';
import { resizeRgba } from '../sheet.js';
import { decodeImage } from './codecs.js';

export const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png']);

export async function listImages(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((f) => IMAGE_EXTENSIONS.has(extname(f).toLowerCase())).sort();
}

/**
 * The photo a file came from: crops are named <package>__<photo>__<k>.jpg, so everything before
 * the last '__'; any other name is its own photo.
 */
export function photoKey(file: string): string {
  const base = file.replace(/\.[^.]+$/, '');
  const i = base.lastIndexOf('__');
  return i > 0 ? base.slice(0, i) : base;
}

/** Held out by source photo, so no crop of a validation photo is trained on (tools/torch-train uses the same rule). */
export function isValidation(file: string, fraction: number): boolean {
  const h = parseInt(createHash('sha1').update(photoKey(file)).digest('hex').slice(0, 8), 16);
  return h % 1000 < fraction * 1000;
}

/** The central square of a photo at size x size: what training sees of photos of any shape. */
export function centreSquare(image: RgbaImage, size: number): RgbaImage {
  const side = Math.min(image.width, image.height);
  const x0 = Math.floor((image.width - side) / 2);
  const y0 = Math.floor((image.height - side) / 2);
  const data = new Uint8ClampedArray(side * side * 4);
  for (let y = 0; y < side; y++) data.set(image.data.subarray(((y0 + y) * image.width + x0) * 4, ((y0 + y) * image.width + x0 + side) * 4), y * side * 4);
  const square = { width: side, height: side, data };
  return side === size ? square : resizeRgba(square, size, size);
}

export interface LoadedImage {
  file: string;
  image: RgbaImage;
}

/** Decode every photo of a folder; unreadable files are reported, not fatal. */
export async function loadFolder(dir: string, files: string[], onError: (file: string, e: Error) => void): Promise<LoadedImage[]> {
  const out: LoadedImage[] = [];
  for (const file of files) {
    try {
      out.push({ file, image: await decodeImage(await readFile(join(dir, file))) });
    } catch (e) {
      onError(file, e as Error);
    }
  }
  return out;
}
