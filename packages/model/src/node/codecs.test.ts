import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { RgbaImage } from '../photo/image.js';
import { decodeImage } from './codecs.js';

const photo = async (name: string) => new Uint8Array(await readFile(new URL(`../../fixtures/photos/${name}`, import.meta.url)));
/** Mean absolute difference over R, G and B. */
const meanDiff = (a: RgbaImage, b: RgbaImage) => {
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) if (i % 4 !== 3) sum += Math.abs(a.data[i]! - b.data[i]!);
  return sum / (a.data.length * 0.75);
};

describe('decodeImage: every real photo', () => {
  it('a phone JPEG with EXIF Orientation 6 comes out upright', async () => {
    const [turned, upright] = [await decodeImage(await photo('exif-orientation-6.jpg')), await decodeImage(await photo('exif-orientation-6.upright.jpg'))];
    expect([turned.width, turned.height]).toEqual([192, 256]);
    expect(meanDiff(turned, upright)).toBeLessThan(3);
  });

  it.each([['cmyk-adobe.jpg', 'gcompris-qt-data__cat__5.jpg'], ['ycck-adobe.jpg', 'mate-backgrounds__storm__6.jpg']])('%s decodes to the colours of the RGB photo it was made from', async (cmyk, rgb) => {
    const [a, b] = [await decodeImage(await photo(cmyk)), await decodeImage(await photo(rgb))];
    expect(a.data[3]).toBe(255);
    expect(meanDiff(a, b)).toBeLessThan(3);
  });

  it('a JPEG cut short with an end marker appended is invalid_image, not a grey picture', async () => {
    const full = await photo('exif-orientation-6.upright.jpg');
    const cut = new Uint8Array(Math.floor(full.length * 0.6) + 2);
    cut.set(full.subarray(0, cut.length - 2));
    cut.set([0xff, 0xd9], cut.length - 2);
    await expect(decodeImage(cut)).rejects.toMatchObject({ code: 'invalid_image' });
  });

  it('a kind of JPEG the decoder lacks is unsupported_image and says which', async () => {
    const arithmetic = await photo('gcompris-qt-data__cat__5.jpg');
    const sof = Buffer.from(arithmetic).indexOf(Buffer.from([0xff, 0xc0]));
    arithmetic[sof + 1] = 0xc9;
    await expect(decodeImage(arithmetic)).rejects.toMatchObject({ code: 'unsupported_image', message: expect.stringContaining('arithmetic') });
    await expect(decodeImage(new TextEncoder().encode('GIF89a....'))).rejects.toMatchObject({ code: 'unsupported_type' });
  });
});
