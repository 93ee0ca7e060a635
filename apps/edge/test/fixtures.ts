import type { RgbaImage } from '@colorize/model';
import { tileSheet } from '@colorize/model/metrics';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

const require = createRequire(import.meta.url);
/** The model package's real test photos (see its fixtures/photos/README.md). */
export const PHOTOS = `${dirname(require.resolve('@colorize/model/fixtures/photos/README.md'))}/`;
export const photo = async (name: string) => new Uint8Array(await readFile(PHOTOS + name));
export const COLOUR_PHOTOS = ['gcompris-qt-data__cat__5.jpg', 'gcompris-qt-data__penguin__2.jpg', 'mate-backgrounds__storm__6.jpg', 'tuxpaint-data__mossy-log__3.jpg'];

/**
 * A progressive JPEG made into a decode-cost bomb: after its own scans, 34-byte scans that
 * libjpeg decodes again and again (with a warning), each a pass over every block of the first
 * component, until the file has `scans` scans. Each is a Huffman table with one code (EOB14)
 * and an AC scan whose data is a single end-of-band run over 32,766 blocks (1448x1448's 32,761).
 */
export function scanBomb(jpeg: Uint8Array, scans: number): Uint8Array<ArrayBuffer> {
  let own = 0;
  let component = 1;
  let i = 2;
  while (i + 3 < jpeg.length) {
    const marker = jpeg[i + 1]!;
    if (jpeg[i] !== 0xff || marker === 0xd9) break;
    let end = i + 2 + ((jpeg[i + 2]! << 8) | jpeg[i + 3]!);
    if (marker === 0xc2) component = jpeg[i + 10]!;
    if (marker === 0xda) {
      own++;
      // The scan's entropy-coded data runs to the next marker that is not a stuffed byte or a restart.
      while (end + 1 < jpeg.length && !(jpeg[end] === 0xff && jpeg[end + 1] !== 0 && (jpeg[end + 1]! < 0xd0 || jpeg[end + 1]! > 0xd7))) end++;
    }
    i = end;
  }
  const table = [0xff, 0xc4, 0x00, 0x14, 0x11, 1, ...new Array(15).fill(0), 0xe0];
  const scan = [0xff, 0xda, 0x00, 0x08, 0x01, component, 0x01, 1, 63, 0x00, 0x7f, 0xfd];
  const unit = Uint8Array.from([...table, ...scan]);
  const extra = Math.max(0, scans - own);
  const out = new Uint8Array(i + extra * unit.length + 2);
  out.set(jpeg.subarray(0, i));
  for (let k = 0; k < extra; k++) out.set(unit, i + k * unit.length);
  out.set([0xff, 0xd9], out.length - 2);
  return out;
}

/** A w x h mosaic of real photos (what a user's scan of that size costs). */
export function mosaic(photos: RgbaImage[], w: number, h: number): RgbaImage {
  const cols = Math.ceil(w / 256);
  const rows = Math.ceil(h / 256);
  const sheet = tileSheet(Array.from({ length: cols * rows }, (_, i) => photos[i % photos.length]!), cols, 256);
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) data.set(sheet.data.subarray(y * sheet.width * 4, (y * sheet.width + w) * 4), y * w * 4);
  return { width: w, height: h, data };
}
