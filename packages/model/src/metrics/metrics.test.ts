import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../node/codecs.js';
import { FIXTURES } from '../test-fixtures.js';
import { chroma, chromaNoiseShare, ciede2000, colourfulness, meanCiede2000, psnr, ssim } from './index.js';
import type { RgbaImage } from '../photo/image.js';

/** Sharma, Wu and Dalal (2005), Table 1: the 34 CIEDE2000 test pairs [L1, a1, b1, L2, a2, b2, dE00]. */
const SHARMA: number[][] = [
  [50.0, 2.6772, -79.7751, 50.0, 0.0, -82.7485, 2.0425],
  [50.0, 3.1571, -77.2803, 50.0, 0.0, -82.7485, 2.8615],
  [50.0, 2.8361, -74.02, 50.0, 0.0, -82.7485, 3.4412],
  [50.0, -1.3802, -84.2814, 50.0, 0.0, -82.7485, 1.0],
  [50.0, -1.1848, -84.8006, 50.0, 0.0, -82.7485, 1.0],
  [50.0, -0.9009, -85.5211, 50.0, 0.0, -82.7485, 1.0],
  [50.0, 0.0, 0.0, 50.0, -1.0, 2.0, 2.3669],
  [50.0, -1.0, 2.0, 50.0, 0.0, 0.0, 2.3669],
  [50.0, 2.49, -0.001, 50.0, -2.49, 0.0009, 7.1792],
  [50.0, 2.49, -0.001, 50.0, -2.49, 0.001, 7.1792],
  [50.0, 2.49, -0.001, 50.0, -2.49, 0.0011, 7.2195],
  [50.0, 2.49, -0.001, 50.0, -2.49, 0.0012, 7.2195],
  [50.0, -0.001, 2.49, 50.0, 0.0009, -2.49, 4.8045],
  [50.0, -0.001, 2.49, 50.0, 0.001, -2.49, 4.8045],
  [50.0, -0.001, 2.49, 50.0, 0.0011, -2.49, 4.7461],
  [50.0, 2.5, 0.0, 50.0, 0.0, -2.5, 4.3065],
  [50.0, 2.5, 0.0, 73.0, 25.0, -18.0, 27.1492],
  [50.0, 2.5, 0.0, 61.0, -5.0, 29.0, 22.8977],
  [50.0, 2.5, 0.0, 56.0, -27.0, -3.0, 31.903],
  [50.0, 2.5, 0.0, 58.0, 24.0, 15.0, 19.4535],
  [50.0, 2.5, 0.0, 50.0, 3.1736, 0.5854, 1.0],
  [50.0, 2.5, 0.0, 50.0, 3.2972, 0.0, 1.0],
  [50.0, 2.5, 0.0, 50.0, 1.8634, 0.5757, 1.0],
  [50.0, 2.5, 0.0, 50.0, 3.2592, 0.335, 1.0],
  [60.2574, -34.0099, 36.2677, 60.4626, -34.1751, 39.4387, 1.2644],
  [63.0109, -31.0961, -5.8663, 62.8187, -29.7946, -4.0864, 1.263],
  [61.2901, 3.7196, -5.3901, 61.4292, 2.248, -4.962, 1.8731],
  [35.0831, -44.1164, 3.7933, 35.0232, -40.0716, 1.5901, 1.8645],
  [22.7233, 20.0904, -46.694, 23.0331, 14.973, -42.5619, 2.0373],
  [36.4612, 47.858, 18.3852, 36.2715, 50.5065, 21.2231, 1.4146],
  [90.8027, -2.0831, 1.441, 91.1528, -1.6435, 0.0447, 1.4441],
  [90.9257, -0.5406, -0.9208, 88.6381, -0.8985, -0.7239, 1.5381],
  [6.7747, -0.2908, -2.4247, 5.8714, -0.0985, -2.2286, 0.6377],
  [2.0776, 0.0795, -1.135, 0.9033, -0.0636, -0.5514, 0.9082],
];

interface Reference {
  pairs: Record<string, { reference: string; distorted: string; psnr: number; ssim: number }>;
  colourfulness: Record<string, number>;
}
const reference = JSON.parse(await readFile(`${FIXTURES}metrics/reference.json`, 'utf8')) as Reference;
const load = async (path: string) => decodeImage(await readFile(FIXTURES + path));

describe('CIEDE2000', () => {
  it('matches all 34 of Sharma, Wu and Dalal\'s published pairs to 1e-4, both ways round', () => {
    expect(SHARMA).toHaveLength(34);
    for (const [l1, a1, b1, l2, a2, b2, want] of SHARMA as [number, number, number, number, number, number, number][]) {
      expect(ciede2000([l1, a1, b1], [l2, a2, b2])).toBeCloseTo(want, 4);
      expect(ciede2000([l2, a2, b2], [l1, a1, b1])).toBeCloseTo(want, 4);
    }
  });

  it('is zero between an image and itself and grows with a colour shift', async () => {
    const img = await load('photos/gcompris-qt-data__cat__5.jpg');
    expect(meanCiede2000(img, img)).toBe(0);
    const grey = await load('metrics/gcompris-qt-data__cat__5.grey.png');
    expect(meanCiede2000(img, grey)).toBeGreaterThan(5);
  });
});

describe('PSNR and SSIM match scikit-image on real photos (fixtures/reference-metrics.py)', () => {
  for (const [name, ref] of Object.entries(reference.pairs)) {
    it(name, async () => {
      const [a, b] = await Promise.all([load(ref.reference), load(ref.distorted)]);
      expect(psnr(a, b)).toBeCloseTo(ref.psnr, 3);
      expect(ssim(a, b)).toBeCloseTo(ref.ssim, 4);
    });
  }

  it('PSNR by hand: every channel off by 10 gives 10 log10(255^2 / 100) = 28.1308 dB; equal images give Infinity', () => {
    const a: RgbaImage = { width: 2, height: 1, data: new Uint8ClampedArray([10, 20, 30, 255, 40, 50, 60, 255]) };
    const b: RgbaImage = { width: 2, height: 1, data: new Uint8ClampedArray([20, 30, 40, 0, 30, 40, 50, 0]) };
    expect(psnr(a, b)).toBeCloseTo(28.1308, 4);
    expect(psnr(a, a)).toBe(Infinity);
  });
});

describe('colourfulness (Hasler and Suesstrunk 2003)', () => {
  it('matches the dataset builder\'s numpy formula on every fixture photo', async () => {
    for (const [name, want] of Object.entries(reference.colourfulness)) {
      expect(colourfulness(await load(`photos/${name}`))).toBeCloseTo(want, 3);
    }
  });

  it('by hand: pure red and pure blue, half each', () => {
    // rg = 255, 0 -> mean 127.5, sd 127.5; yb = 127.5, -255 -> mean -63.75, sd 191.25
    const img: RgbaImage = { width: 2, height: 1, data: new Uint8ClampedArray([255, 0, 0, 255, 0, 0, 255, 255]) };
    const want = Math.hypot(127.5, 191.25) + 0.3 * Math.hypot(127.5, -63.75);
    expect(colourfulness(img)).toBeCloseTo(want, 9);
    const grey: RgbaImage = { width: 1, height: 1, data: new Uint8ClampedArray([90, 90, 90, 255]) };
    expect(colourfulness(grey)).toBe(0);
  });
});

describe('chroma noise (the high-frequency share of a*b*)', () => {
  const chromaRef = (reference as Reference & { chroma: Record<string, { noise: number; chroma: number }> }).chroma;

  it('matches scikit-image\'s CIELAB and scipy\'s Gaussian on real photos, sharp and blurred (fixtures/reference-metrics.py)', async () => {
    const files = Object.keys(chromaRef).filter((f) => f.includes('__') && !f.endsWith('.grey.png'));
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const file of files) {
      const got = chroma(await load(file.endsWith('.jpg') ? `photos/${file}` : `metrics/${file}`));
      expect(got.noise).toBeCloseTo(chromaRef[file]!.noise, 3);
      expect(got.chroma).toBeCloseTo(chromaRef[file]!.chroma, 2);
    }
    // A blur removes specks: the blurred cat keeps its colour and loses about half its noise.
    const sharp = chroma(await load('photos/gcompris-qt-data__cat__5.jpg'));
    const blurred = chroma(await load('metrics/gcompris-qt-data__cat__5.blur.png'));
    expect(chromaNoiseShare(blurred)).toBeLessThan(0.6 * chromaNoiseShare(sharp));
  });

  it('by hand: a flat colour has none; pooling sums both means; grey is 0, not NaN', () => {
    const flat: RgbaImage = { width: 3, height: 2, data: new Uint8ClampedArray(Array.from({ length: 6 }, () => [200, 40, 40, 255]).flat()) };
    const c = chroma(flat);
    expect(c.noise).toBeCloseTo(0, 9);
    expect(c.chroma).toBeGreaterThan(50);
    expect(chromaNoiseShare([{ noise: 1, chroma: 10 }, { noise: 3, chroma: 10 }])).toBeCloseTo(0.2, 12);
    expect(chromaNoiseShare({ noise: 0, chroma: 0 })).toBe(0);
  });
});
