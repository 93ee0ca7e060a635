import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { RgbaImage } from '../photo/image.js';
import { decodeImage } from './codecs.js';

/** What the commands read as photos. */
export const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png']);

/** The photo files of a folder, sorted by name. */
export async function listImages(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((f) => IMAGE_EXTENSIONS.has(extname(f).toLowerCase())).sort();
}

/** A decoded photo and its file name. */
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
