import { describe, expect, it } from 'vitest';
import { fixturePhotos, strip } from '../test-fixtures.js';
import { loadColorizerFromDir } from '../node/index.js';
import { fitWithin, resizeRgba, type RgbaImage } from './image.js';
import { mergeColour } from './merge.js';
import { hintsForCopy } from '../inference/hints.js';
import { lightnessAt, rgbaToLab, srgbToLab } from './lab.js';

/** How far apart two images are: per colour channel in 8-bit levels, and in a*b*. */
function difference(a: RgbaImage, b: RgbaImage) {
  let sum = 0;
  let max = 0;
  let within1 = 0;
  let same = 0;
  for (let i = 0; i < a.data.length; i++) {
    if (i % 4 === 3) continue;
    const d = Math.abs(a.data[i]! - b.data[i]!);
    sum += d;
    max = Math.max(max, d);
    if (d <= 1) within1++;
    if (d === 0) same++;
  }
  const n = (a.data.length / 4) * 3;
  const [la, lb] = [rgbaToLab(a.data, a.width * a.height), rgbaToLab(b.data, b.width * b.height)];
  let ab = 0;
  for (let i = 0; i < la.length; i += 3) ab += Math.hypot(la[i + 1]! - lb[i + 1]!, la[i + 2]! - lb[i + 2]!);
  return { same: same / n, meanLevels: sum / n, maxLevels: max, within1: within1 / n, meanAb: ab / (la.length / 3) };
}

describe('mergeColour: a reduced copy\'s colour on the photo at its own size', () => {
  it('gives what colorize() gives on the same real photos', async () => {
    const colorizer = await loadColorizerFromDir();
    const photos = (await fixturePhotos()).map((p) => p.image);
    // The model's own size: nothing to upsample, so the only difference is the colour's trip
    // through 8-bit sRGB (its a*b* read back from bytes, out-of-gamut colours clipped): not
    // bit-identical, but the same where a byte can say it.
    for (const photo of photos) {
      const direct = await colorizer.colorize(photo);
      const d = difference(mergeColour(photo, direct), direct);
      // Measured on the four fixtures: 99.87-99.99 % of values identical, 3 levels at most.
      expect(d.same).toBeGreaterThan(0.998);
      expect(d.maxLevels).toBeLessThanOrEqual(3);
    }
    // A 2048x512 photo colorized whole, and reduced to the model's 256 px, colorized and merged:
    // besides the 8-bit trip, the model sees the L* of a reduced sRGB copy rather than a reduced
    // L* (both area-filtered), and at the outermost half pixel of the copy the merge clamps where
    // colorize() reads the model's prediction for its padding. Measured: 0.2 levels mean, 99.8 %
    // within a level, 6 at most, 0.3 a*b* mean.
    const big = resizeRgba(strip(photos), 2048, 512);
    const size = fitWithin(big.width, big.height, 256);
    const merged = mergeColour(big, await colorizer.colorize(resizeRgba(big, size.width, size.height)));
    const d = difference(merged, await colorizer.colorize(big));
    expect(d.meanLevels).toBeLessThan(0.3);
    expect(d.within1).toBeGreaterThan(0.99);
    expect(d.maxLevels).toBeLessThanOrEqual(10);
    expect(d.meanAb).toBeLessThan(0.5);
    colorizer.dispose();
  });

  it('hints mapped to the copy colour the merged photo as they colour the whole one', async () => {
    const colorizer = await loadColorizerFromDir();
    const big = resizeRgba(strip((await fixturePhotos()).map((p) => p.image)), 2048, 512);
    const hints = [{ x: 300, y: 200, color: '#c0392b', size: 40 }, { x: 2047, y: 511, color: '#2e86c1' }];
    const size = fitWithin(big.width, big.height, 256);
    const mapped = hintsForCopy(hints, big, size);
    expect(mapped).toEqual([{ x: 300.5 / 8 - 0.5, y: 200.5 / 8 - 0.5, color: '#c0392b', size: 5 }, { x: 2047.5 / 8 - 0.5, y: 511.5 / 8 - 0.5, color: '#2e86c1' }]);
    const merged = mergeColour(big, await colorizer.colorize(resizeRgba(big, size.width, size.height), { hints: mapped }));
    const d = difference(merged, await colorizer.colorize(big, { hints }));
    expect(d.meanLevels).toBeLessThan(0.3);
    expect(d.meanAb).toBeLessThan(0.5);
    // Checked against the photo, and named in its pixels.
    expect(() => hintsForCopy([{ x: 2048, y: 0, color: '#fff' }], big, size)).toThrow(/0 to 2047, inside the image \(2048x512\)/);
    colorizer.dispose();
  });

  it('keeps the photo\'s L* and alpha and takes the colour\'s a*b*', async () => {
    const photo = (await fixturePhotos())[0]!.image;
    photo.data[3] = 7;
    const brown = { width: 3, height: 2, data: new Uint8ClampedArray(24).map((_, i) => [150, 115, 100, 255][i % 4]!) };
    const out = mergeColour(photo, brown);
    expect([out.width, out.height, out.data[3]]).toEqual([256, 256, 7]);
    const [, a, b] = srgbToLab(150 / 255, 115 / 255, 100 / 255);
    for (const o of [0, 4 * 1000, 4 * 40000]) {
      const [l, oa, ob] = srgbToLab(out.data[o]! / 255, out.data[o + 1]! / 255, out.data[o + 2]! / 255);
      // Dark and light pixels cannot hold the whole chroma (clipped to the gamut): hue and lightness stay.
      expect(Math.abs(l - lightnessAt(photo.data, o))).toBeLessThan(1.5);
      expect(Math.abs(Math.atan2(ob, oa) - Math.atan2(b, a))).toBeLessThan(0.15);
    }
  });

  it('band by band, and in place, gives the whole merge byte for byte', async () => {
    const photo = resizeRgba((await fixturePhotos())[1]!.image, 300, 203);
    const colour = resizeRgba((await fixturePhotos())[2]!.image, 37, 25);
    const whole = mergeColour(photo, colour);
    const banded = new Uint8ClampedArray(photo.data);
    for (let top = 0; top < photo.height; top += 64) {
      const rows = Math.min(64, photo.height - top);
      const band = { width: photo.width, height: rows, data: banded.subarray(top * photo.width * 4, (top + rows) * photo.width * 4) };
      mergeColour(band, colour, { out: band.data, band: { top, photoHeight: photo.height } });
    }
    expect(Buffer.from(banded).equals(Buffer.from(whole.data))).toBe(true);
  });

  it('takes a colour one pixel wide or tall', () => {
    const photo = { width: 5, height: 4, data: new Uint8ClampedArray(80).fill(128) };
    const line = { width: 1, height: 3, data: new Uint8ClampedArray([0, 0, 255, 255, 0, 0, 255, 255, 255, 0, 0, 255]) };
    const out = mergeColour(photo, line);
    expect(out.data[2]! > out.data[0]!).toBe(true); // top row blue
    expect(out.data[19 * 4]! > out.data[19 * 4 + 2]!).toBe(true); // bottom row red
  });

  it('refuses an empty image, a band outside the photo and a wrong output buffer', () => {
    const photo = { width: 4, height: 4, data: new Uint8ClampedArray(64) };
    expect(() => mergeColour({ width: 0, height: 4, data: new Uint8ClampedArray(0) }, photo)).toThrow(expect.objectContaining({ code: 'empty_image' }));
    expect(() => mergeColour(photo, photo, { band: { top: 2, photoHeight: 5 } })).toThrow(expect.objectContaining({ code: 'invalid_option' }));
    expect(() => mergeColour(photo, photo, { out: new Uint8ClampedArray(10) })).toThrow(expect.objectContaining({ code: 'invalid_option' }));
  });

  it('fitWithin keeps the aspect ratio and never enlarges', () => {
    expect(fitWithin(4000, 3000, 256)).toEqual({ width: 256, height: 192 });
    expect(fitWithin(3000, 4000, 256)).toEqual({ width: 192, height: 256 });
    expect(fitWithin(100, 50, 256)).toEqual({ width: 100, height: 50 });
    expect(fitWithin(10000, 1, 256)).toEqual({ width: 256, height: 1 });
  });
});
