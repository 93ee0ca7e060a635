import type { RgbaImage } from '../photo/image.js';
import { reflectIndex } from '../photo/image.js';
import { rgbaToLab } from '../photo/lab.js';

/** The blur that separates a photo's colour areas from its specks: a Gaussian of 1.5 px. */
export const CHROMA_NOISE_SIGMA = 1.5;
// Cut at 4 sigma, as scipy.ndimage.gaussian_filter does (the reference in fixtures/reference-metrics.py).
const RADIUS = Math.round(4 * CHROMA_NOISE_SIGMA);
const KERNEL = (() => {
  const g = Array.from({ length: 2 * RADIUS + 1 }, (_, i) => Math.exp(-((i - RADIUS) ** 2) / (2 * CHROMA_NOISE_SIGMA ** 2)));
  const s = g.reduce((x, y) => x + y, 0);
  return Float64Array.from(g, (v) => v / s);
})();

/** An image's chroma and the high-frequency part of it, both mean lengths of a*b* vectors (CIELAB units). */
export interface Chroma {
  /** mean |ab - Gaussian(ab, sigma 1.5 px)|: the specks, "confetti". */
  noise: number;
  /** mean |ab|: how much colour there is at all. */
  chroma: number;
}

/** One channel of an interleaved [L, a, b] buffer, blurred separably; borders mirrored without repeating the edge (c b | a b c; scipy's 'mirror'). */
function blurChannel(lab: Float32Array, w: number, h: number, c: number): Float64Array {
  const tmp = new Float64Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let k = -RADIUS; k <= RADIUS; k++) s += KERNEL[k + RADIUS]! * lab[(y * w + reflectIndex(x + k, w)) * 3 + c]!;
      tmp[y * w + x] = s;
    }
  }
  const out = new Float64Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let k = -RADIUS; k <= RADIUS; k++) s += KERNEL[k + RADIUS]! * tmp[reflectIndex(y + k, h) * w + x]!;
      out[y * w + x] = s;
    }
  }
  return out;
}

/**
 * How much of an image's colour is specks: a*b* minus its Gaussian blur (sigma 1.5 px), against
 * a*b* itself. `chromaNoiseShare` of the result is the figure (real photos about 0.08).
 *
 * @param image An RGBA image (alpha ignored), read as 8-bit sRGB.
 */
export function chroma(image: RgbaImage): Chroma {
  const { width: w, height: h } = image;
  const n = w * h;
  const lab = rgbaToLab(image.data, n);
  const a = blurChannel(lab, w, h, 1);
  const b = blurChannel(lab, w, h, 2);
  let noise = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    noise += Math.hypot(lab[i * 3 + 1]! - a[i]!, lab[i * 3 + 2]! - b[i]!);
    total += Math.hypot(lab[i * 3 + 1]!, lab[i * 3 + 2]!);
  }
  return { noise: noise / n, chroma: total / n };
}

/**
 * The high-frequency share of chroma, mean |ab - Gaussian(ab)| / mean |ab|, of one image or
 * pooled over several (sums of both means, so nearly grey images do not dominate). 0 for no colour.
 */
export function chromaNoiseShare(of: Chroma | readonly Chroma[]): number {
  const all = 'noise' in of ? [of] : of;
  const noise = all.reduce((s, c) => s + c.noise, 0);
  const total = all.reduce((s, c) => s + c.chroma, 0);
  return total > 0 ? noise / total : 0;
}
