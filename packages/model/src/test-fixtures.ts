import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { RgbaImage } from './photo/image.js';
import { decodeImage } from './node/codecs.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const PHOTOS = `${FIXTURES}photos/`;

/**
 * Real 256x256 colour crops named package__photo__n, decoded: by default the test photos
 * (fixtures/photos/README.md; not the edge-case files beside them), or another fixtures folder
 * ('holdout': photos from packages the shipped model never trained on).
 */
export async function fixturePhotos(folder = 'photos'): Promise<{ name: string; image: RgbaImage }[]> {
  const dir = folder === 'photos' ? PHOTOS : `${FIXTURES}${folder}/`;
  const names = (await readdir(dir)).filter((f) => f.endsWith('.jpg') && f.includes('__')).sort();
  return Promise.all(names.map(async (name) => ({ name, image: await decodeImage(await readFile(dir + name)) })));
}

/** Four photos side by side: a real 1024x256 image. */
export function strip(images: RgbaImage[]): RgbaImage {
  const w = images.length * 256;
  const data = new Uint8ClampedArray(w * 256 * 4);
  images.forEach((im, k) => {
    for (let y = 0; y < 256; y++) data.set(im.data.subarray(y * 1024, (y + 1) * 1024), (y * w + k * 256) * 4);
  });
  return { width: w, height: 256, data };
}
