import { describe, expect, it } from 'vitest';
import { Colorizer, placement } from './colorize.js';
import type { RgbaImage } from '../photo/image.js';
import { colourfulness } from '../metrics/colourfulness.js';
import { fixturePhotos, strip } from '../test-fixtures.js';
import { createGenerator } from '../network/unet.js';
import { AB_SCALE, labToSrgb, rgbaToLightness, srgbToLab } from '../photo/lab.js';
import { reflectPad, resizePlane } from '../photo/image.js';
import { loadColorizerFromDir } from '../node/index.js';
import * as tf from '@tensorflow/tfjs-core';
import { toGrey as grey } from '../photo/sheet.js';

const colorizer = new Colorizer(createGenerator({ ngf: 4, innermostNorm: false }, 9), { id: 'tiny', version: '0' });

const maxChroma = (im: RgbaImage) => {
  let m = 0;
  for (let i = 0; i < im.data.length; i += 4) m = Math.max(m, Math.abs(im.data[i]! - im.data[i + 1]!), Math.abs(im.data[i + 1]! - im.data[i + 2]!));
  return m;
};

describe('full-resolution colorize', () => {
  it('fits any aspect ratio inside the model square without squashing it', () => {
    expect(placement(1024, 256, 256)).toEqual({ width: 256, height: 64, top: 96, left: 0 });
    expect(placement(256, 1024, 256)).toEqual({ width: 64, height: 256, top: 0, left: 96 });
    expect(placement(640, 480, 256)).toEqual({ width: 256, height: 192, top: 32, left: 0 });
    expect(placement(1, 5000, 256)).toEqual({ width: 1, height: 256, top: 0, left: 127 });
  });

  it('returns the input\'s size, its alpha, and colour, for a 256x1024 strip of real photos', async () => {
    const photos = (await fixturePhotos()).map((p) => p.image);
    const input = strip(photos);
    for (let i = 3; i < input.data.length; i += 4) input.data[i] = i % 7 === 0 ? 128 : 255;
    const out = await colorizer.colorize(grey(input));
    expect([out.width, out.height]).toEqual([1024, 256]);
    expect(maxChroma(out)).toBeGreaterThan(0);
    const alpha = await colorizer.colorize(input);
    for (let i = 3; i < input.data.length; i += 4) expect(alpha.data[i]).toBe(input.data[i]);
  });

  it('keeps every detail of the input: its L* survives at full resolution', async () => {
    const photo = (await fixturePhotos())[1]!.image;
    const out = await colorizer.colorize(photo);
    const lin = rgbaToLightness(photo.data, 256 * 256);
    const lout = rgbaToLightness(out.data, 256 * 256);
    // Out-of-gamut colours are clipped, which moves L* a little; the mean shows it is kept.
    let sum = 0;
    lin.forEach((v, i) => (sum += Math.abs(v - lout[i]!)));
    expect(sum / lin.length).toBeLessThan(1.5);
  });

  it('saturation 0 gives the grey image back; 2 is more colourful than 1', async () => {
    const photo = (await fixturePhotos())[0]!.image;
    const g = grey(photo);
    const zero = await colorizer.colorize(photo, { saturation: 0 });
    for (let i = 0; i < zero.data.length; i++) expect(Math.abs(zero.data[i]! - g.data[i]!)).toBeLessThanOrEqual(1);
    const [one, two] = [await colorizer.colorize(photo), await colorizer.colorize(photo, { saturation: 2 })];
    expect(colourfulness(two)).toBeGreaterThan(colourfulness(one));
  });

  it('treats a colour input as its luminance: the same result as its grey version', async () => {
    const photo = (await fixturePhotos())[2]!.image;
    const [fromColour, fromGrey] = [await colorizer.colorize(photo), await colorizer.colorize(grey(photo))];
    // The grey copy is itself rounded to 8 bits (L* moves by up to ~0.4), so allow that much.
    let worst = 0;
    let sum = 0;
    for (let i = 0; i < fromColour.data.length; i++) {
      const d = Math.abs(fromColour.data[i]! - fromGrey.data[i]!);
      worst = Math.max(worst, d);
      sum += d;
    }
    expect(sum / fromColour.data.length).toBeLessThan(0.5);
    expect(worst).toBeLessThanOrEqual(8);
  });

  it('inPlace writes the same result into the input\'s own buffer', async () => {
    const photo = (await fixturePhotos())[3]!.image;
    const copy = { ...photo, data: new Uint8ClampedArray(photo.data) };
    const fresh = await colorizer.colorize(photo);
    const inPlace = await colorizer.colorize(copy, { inPlace: true });
    expect(inPlace.data).toBe(copy.data);
    expect(Buffer.from(inPlace.data).equals(Buffer.from(fresh.data))).toBe(true);
  });

  it('handles 1x1 and very thin images', async () => {
    for (const [w, h] of [[1, 1], [3, 500], [700, 2]] as [number, number][]) {
      const out = await colorizer.colorize({ width: w, height: h, data: new Uint8ClampedArray(w * h * 4).fill(200) });
      expect([out.width, out.height]).toEqual([w, h]);
    }
  });

  it('refuses empty, zero-sized, malformed and over-limit images and bad options with a code', async () => {
    const bad: [unknown, object, string][] = [
      [{ width: 0, height: 0, data: new Uint8ClampedArray(0) }, {}, 'empty_image'],
      [{ width: 0, height: 10, data: new Uint8ClampedArray(0) }, {}, 'empty_image'],
      [{ width: 2, height: 2, data: new Uint8ClampedArray(3) }, {}, 'invalid_image'],
      [{ width: 1.5, height: 2, data: new Uint8ClampedArray(12) }, {}, 'invalid_image'],
      [{ width: 100, height: 100, data: new Uint8ClampedArray(40000) }, { maxPixels: 9999 }, 'image_too_large'],
      [{ width: 2, height: 2, data: new Uint8ClampedArray(16) }, { saturation: 3 }, 'invalid_option'],
      [{ width: 2, height: 2, data: new Uint8ClampedArray(16) }, { saturation: Number.NaN }, 'invalid_option'],
    ];
    for (const [image, options, code] of bad) {
      await expect(colorizer.colorize(image as RgbaImage, options)).rejects.toMatchObject({ name: 'ColorizeError', code });
    }
  });

  it('the shipped model on the fast path (folded BatchNorm, table-driven merge) is within 1 level of the unfused, exact one', async () => {
    const shipped = await loadColorizerFromDir();
    const photos = (await fixturePhotos()).map((p) => p.image);
    // 1024x256 crosses the generator's grid at a scale that is not whole: every bilinear weight is exercised.
    const input = strip(photos);
    const fast = await shipped.colorize(input, { saturation: 1.3, chromaFilter: false });
    // The reference: the plain layers (conv2dTranspose, batchNorm), then the per-pixel Lab of lab.ts.
    const { generator } = shipped;
    const size = generator.config.size;
    const place = placement(input.width, input.height, size);
    const lightness = rgbaToLightness(input.data, input.width * input.height);
    const padded = reflectPad(resizePlane({ width: input.width, height: input.height, data: lightness }, place.width, place.height), place.top, place.left, size, size);
    const ab = tf.tidy(() => {
      const l = tf.tensor4d(padded.data.map((v) => v / 50 - 1), [1, size, size, 1]);
      // No hints: a model with hints sees zeros in their a*b* and mask channels.
      const input = generator.config.hints ? tf.concat([l, tf.zeros([1, size, size, 3])], 3) : l;
      return generator.apply(input as tf.Tensor4D, { dropout: false }).dataSync() as Float32Array;
    });
    let worst = 0;
    const [sx, sy] = [place.width / input.width, place.height / input.height];
    for (let y = 0; y < input.height; y++) {
      const gy = Math.min(Math.max((y + 0.5) * sy - 0.5 + place.top, 0), size - 1);
      const y0 = Math.min(Math.floor(gy), size - 2);
      for (let x = 0; x < input.width; x++) {
        const gx = Math.min(Math.max((x + 0.5) * sx - 0.5 + place.left, 0), size - 1);
        const x0 = Math.min(Math.floor(gx), size - 2);
        const [tx, ty] = [gx - x0, gy - y0];
        const at = (yy: number, xx: number, c: number) => ab[(yy * size + xx) * 2 + c]!;
        const lerp = (c: number) => ((1 - ty) * ((1 - tx) * at(y0, x0, c) + tx * at(y0, x0 + 1, c)) + ty * ((1 - tx) * at(y0 + 1, x0, c) + tx * at(y0 + 1, x0 + 1, c))) * 1.3 * AB_SCALE;
        const o = (y * input.width + x) * 4;
        const [l] = srgbToLab(input.data[o]! / 255, input.data[o + 1]! / 255, input.data[o + 2]! / 255);
        const rgb = labToSrgb(l, lerp(0), lerp(1));
        for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(Math.round(rgb[c]! * 255) - fast.data[o + c]!));
      }
    }
    expect(worst).toBeLessThanOrEqual(1);
    shipped.dispose();
  });
});
