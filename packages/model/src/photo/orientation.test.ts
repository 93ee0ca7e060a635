import { readFile } from 'node:fs/promises';
import decodeJpeg from '@jsquash/jpeg/decode.js';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../node/codecs.js';
import { applyOrientation, readOrientation, type Orientation } from './orientation.js';

const FIXTURES = new URL('../../fixtures/photos/', import.meta.url);
const bytes = (...b: (number | string)[]) => Uint8Array.from(b.flatMap((x) => (typeof x === 'string' ? [...x].map((c) => c.charCodeAt(0)) : [x])));
/** A big-endian TIFF block whose first IFD holds Orientation = o. */
const tiff = (o: number) => bytes('MM', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, o, 0, 0, 0, 0, 0, 0);
const u32 = (n: number, little = false) => (little ? [n & 255, (n >> 8) & 255, (n >> 16) & 255, n >>> 24] : [n >>> 24, (n >> 16) & 255, (n >> 8) & 255, n & 255]);

describe('EXIF orientation', () => {
  it('reads the tag from a JPEG\'s APP1, a PNG\'s eXIf and a WebP\'s EXIF chunk', async () => {
    expect(readOrientation(new Uint8Array(await readFile(new URL('exif-orientation-6.jpg', FIXTURES))))).toBe(6);
    expect(readOrientation(new Uint8Array(await readFile(new URL('gcompris-qt-data__cat__5.jpg', FIXTURES))))).toBe(1);
    const exif = tiff(8);
    const png = bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, ...u32(13), 'IHDR', ...new Array(13).fill(1), 0, 0, 0, 0, ...u32(exif.length), 'eXIf', ...exif, 0, 0, 0, 0, ...u32(0), 'IEND', 0, 0, 0, 0);
    expect(readOrientation(png)).toBe(8);
    const webp = bytes('RIFF', 0, 0, 0, 0, 'WEBP', 'VP8X', ...u32(10, true), 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 'EXIF', ...u32(exif.length, true), ...exif);
    expect(readOrientation(webp)).toBe(8);
    expect(readOrientation(bytes(0xff, 0xd8, 0xff, 0xe1, 0, 4, 'Ex'))).toBe(1); // cut short: upright, no throw
  });

  it('turns a 3x2 image for all eight values', () => {
    // Pixel k holds k in its red byte; views as the EXIF spec draws them.
    const image = { width: 3, height: 2, data: Uint8Array.from([0, 1, 2, 3, 4, 5].flatMap((k) => [k, 0, 0, 255])) };
    const want: Record<Orientation, [number, number, number[]]> = {
      1: [3, 2, [0, 1, 2, 3, 4, 5]],
      2: [3, 2, [2, 1, 0, 5, 4, 3]],
      3: [3, 2, [5, 4, 3, 2, 1, 0]],
      4: [3, 2, [3, 4, 5, 0, 1, 2]],
      5: [2, 3, [0, 3, 1, 4, 2, 5]],
      6: [2, 3, [3, 0, 4, 1, 5, 2]],
      7: [2, 3, [5, 2, 4, 1, 3, 0]],
      8: [2, 3, [2, 5, 1, 4, 0, 3]],
    };
    for (const [o, [w, h, order]] of Object.entries(want)) {
      const out = applyOrientation(image, Number(o) as Orientation);
      expect([out.width, out.height, [...out.data].filter((_, i) => i % 4 === 0)], `orientation ${o}`).toEqual([w, h, order]);
    }
  });

  it('decodeImage turns a JPEG exactly as libjpeg\'s own EXIF rotation does, for all eight values', async () => {
    const file = new Uint8Array(await readFile(new URL('exif-orientation-6.jpg', FIXTURES)));
    // The tag's value byte: "01 12 00 03 00 00 00 01 00 06" in the big-endian IFD exiftool wrote.
    const at = Buffer.from(file).indexOf(Buffer.from([0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x06])) + 9;
    expect(at).toBeGreaterThan(9);
    for (let o = 1; o <= 8; o++) {
      const variant = file.slice();
      variant[at] = o;
      const ours = await decodeImage(variant);
      const libjpeg = await decodeJpeg(variant.buffer, { preserveOrientation: true });
      expect([ours.width, ours.height], `orientation ${o}`).toEqual([libjpeg.width, libjpeg.height]);
      expect(Buffer.from(ours.data).equals(Buffer.from(libjpeg.data)), `orientation ${o}`).toBe(true);
    }
  });
});
