import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { RgbaImage } from './image.js';
import { decodeImage } from './node/codecs.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const PHOTOS = `${FIXTURES}photos/`;

/** The colour test photos (real 256x256 crops named package__photo__n, see fixtures/photos/README.md), decoded; not the edge-case files beside them. */
export async function fixturePhotos(): Promise<{ name: string; image: RgbaImage }[]> {
  const names = (await readdir(PHOTOS)).filter((f) => f.endsWith('.jpg') && f.includes('__')).sort();
  return Promise.all(names.map(async (name) => ({ name, image: await decodeImage(await readFile(PHOTOS + name)) })));
}
