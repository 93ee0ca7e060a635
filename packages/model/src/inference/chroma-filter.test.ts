import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { checkChromaFilter, guidedChroma } from './chroma-filter.js';
import { DEFAULT_CHROMA_FILTER } from './colorize.js';
import { chroma, chromaNoiseShare } from '../metrics/chroma-noise.js';
import { loadColorizerFromDir } from '../node/index.js';
import { fixturePhotos } from '../test-fixtures.js';
import { toGrey } from '../photo/sheet.js';

const SIZE = 32;
/** A model input of one channel (L* / 50 - 1) from L* per pixel. */
const inputOf = (l: (x: number, y: number) => number) => Float32Array.from({ length: SIZE * SIZE }, (_, i) => l(i % SIZE, Math.floor(i / SIZE)) / 50 - 1);
const abOf = (f: (x: number, y: number, c: number) => number) => Float32Array.from({ length: SIZE * SIZE * 2 }, (_, i) => f((i >> 1) % SIZE, Math.floor((i >> 1) / SIZE), i & 1));
const std = (v: ArrayLike<number>) => {
  const m = Array.from(v).reduce((s, x) => s + x, 0) / v.length;
  return Math.sqrt(Array.from(v).reduce((s, x) => s + (x - m) ** 2, 0) / v.length);
};

describe('the L*-guided chroma filter', () => {
  it('leaves a flat colour exactly as it was', () => {
    const out = guidedChroma(abOf((_x, _y, c) => (c ? -0.2 : 0.3)), inputOf((x, y) => 20 + x + 2 * y), SIZE, 1, { radius: 4, eps: 1e-3 });
    for (let i = 0; i < out.length; i++) expect(out[i]).toBeCloseTo(i & 1 ? -0.2 : 0.3, 6);
  });

  it('clears specks where L* is flat: a checkerboard of +-0.1 keeps under a twentieth of its spread', () => {
    const specks = abOf((x, y) => ((x + y) % 2 ? 0.1 : -0.1));
    const out = guidedChroma(specks, inputOf(() => 50), SIZE, 1, { radius: 4, eps: 1e-3 });
    expect(std(out)).toBeLessThan(std(specks) / 20);
  });

  it('keeps a colour edge that follows an edge in L*: a red wall against a blue sky stays two colours', () => {
    const l = (x: number) => (x < SIZE / 2 ? 40 : 80);
    const ab = abOf((x, _y, c) => (x < SIZE / 2 ? [0.5, 0.3][c]! : [-0.1, -0.4][c]!));
    const out = guidedChroma(ab, inputOf(l), SIZE, 1, { radius: 4, eps: 1e-3 });
    // One pixel either side of the edge, in the middle row: within 2 % of the step.
    const at = (x: number, c: number) => out[((SIZE / 2) * SIZE + x) * 2 + c]!;
    expect(Math.abs(at(SIZE / 2 - 1, 0) - 0.5)).toBeLessThan(0.012);
    expect(Math.abs(at(SIZE / 2, 1) + 0.4)).toBeLessThan(0.014);
  });

  it('reads L* from channel 0 of a hints model\'s four channels', () => {
    const one = inputOf((x) => (x < SIZE / 2 ? 40 : 80));
    const four = new Float32Array(one.length * 4);
    one.forEach((v, i) => four.set([v, 0.7, -0.3, i % 5 ? 0 : 1], i * 4));
    const ab = abOf((x, y, c) => Math.sin(x * 1.7 + y + c));
    expect(guidedChroma(ab, four, SIZE, 4, { radius: 3, eps: 1e-2 })).toEqual(guidedChroma(ab, one, SIZE, 1, { radius: 3, eps: 1e-2 }));
  });

  it('refuses a radius or eps it cannot use, with invalid_option', () => {
    for (const bad of [{ radius: 0, eps: 1e-3 }, { radius: 2.5, eps: 1e-3 }, { radius: 33, eps: 1e-3 }, { radius: 4, eps: 0 }, { radius: 4, eps: Number.NaN }]) {
      expect(() => checkChromaFilter(bad)).toThrow(expect.objectContaining({ code: 'invalid_option' }));
    }
    expect(checkChromaFilter(false)).toBe(false);
  });

  it('inside colorize(): the shipped model\'s specks fall on held-out photos, no tensor is left behind, and `false` turns it off', async () => {
    const colorizer = await loadColorizerFromDir();
    try {
      const photos = (await fixturePhotos('holdout')).slice(0, 6).map((p) => toGrey(p.image));
      await colorizer.colorize(photos[0]!); // warm-up: kernels and caches
      const tensors = tf.memory().numTensors;
      const filtered = [];
      const raw = [];
      for (const p of photos) {
        filtered.push(chroma(await colorizer.colorize(p)));
        raw.push(chroma(await colorizer.colorize(p, { chromaFilter: false })));
      }
      expect(tf.memory().numTensors).toBe(tensors);
      expect(chromaNoiseShare(filtered)).toBeLessThan(0.8 * chromaNoiseShare(raw));
      await expect(colorizer.colorize(photos[0]!, { chromaFilter: { ...DEFAULT_CHROMA_FILTER, radius: 0 } })).rejects.toMatchObject({ code: 'invalid_option' });
    } finally {
      colorizer.dispose();
    }
  });
});
