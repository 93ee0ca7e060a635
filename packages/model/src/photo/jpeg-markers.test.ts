import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { readJpegInfo } from './jpeg-markers.js';
import { encodeImage, decodeImage } from '../node/codecs.js';

const photo = async (name: string) => new Uint8Array(await readFile(new URL(`../../fixtures/photos/${name}`, import.meta.url)));

describe('JPEG markers read without decoding', () => {
  it('a baseline JPEG: its frame, one scan, complete', async () => {
    const info = readJpegInfo(await photo('gcompris-qt-data__cat__5.jpg'));
    expect(info).toMatchObject({ scans: 1, complete: true, frame: { marker: 0xc0, precision: 8, width: 256, height: 256, components: 3 } });
    expect(info.adobeTransform).toBeUndefined();
  });

  it('a progressive JPEG from mozjpeg: a handful of scans; cut short: not complete', async () => {
    const jpeg = await encodeImage(await decodeImage(await photo('gcompris-qt-data__cat__5.jpg')), 'jpeg', 85);
    const info = readJpegInfo(jpeg);
    expect(info.frame?.marker).toBe(0xc2);
    expect(info.scans).toBeGreaterThan(4);
    expect(info.scans).toBeLessThanOrEqual(12);
    expect(info.complete).toBe(true);
    const cut = readJpegInfo(jpeg.subarray(0, jpeg.length >> 1));
    expect(cut.complete).toBe(false);
    expect(readJpegInfo(jpeg, true).scans).toBe(1); // header only: stops at the first scan
  });

  it('the Exif block, Adobe\'s transform and 4 components', async () => {
    const oriented = await photo('exif-orientation-6.jpg');
    const { exif } = readJpegInfo(oriented);
    expect(String.fromCharCode(...oriented.subarray(exif![0], exif![0] + 2))).toBe('MM');
    expect(readJpegInfo(await photo('cmyk-adobe.jpg'))).toMatchObject({ adobeTransform: 0, frame: { components: 4 } });
    expect(readJpegInfo(await photo('ycck-adobe.jpg'))).toMatchObject({ adobeTransform: 2, frame: { components: 4 } });
  });

  it('never reads past the end of a damaged header', () => {
    for (const b of [[0xff, 0xd8], [0xff, 0xd8, 0xff, 0xc0, 0x00], [0xff, 0xd8, 0xff, 0xc0, 0xff, 0xff, 1, 2], [0xff, 0xd8, 0xff, 0xda, 0, 2, 0xff]]) {
      expect(readJpegInfo(Uint8Array.from(b)).complete).toBe(false);
    }
  });
});
