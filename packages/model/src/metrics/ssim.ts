import type { RgbaImage } from '../photo/image.js';
import { ColorizeError } from '../errors.js';
import { assertSameSize } from './same-size.js';

const WINDOW = 11;
const SIGMA = 1.5;
const C1 = (0.01 * 255) ** 2;
const C2 = (0.03 * 255) ** 2;

const GAUSS = (() => {
  const g = Array.from({ length: WINDOW }, (_, i) => Math.exp(-((i - (WINDOW - 1) / 2) ** 2) / (2 * SIGMA * SIGMA)));
  const s = g.reduce((x, y) => x + y, 0);
  return g.map((v) => v / s);
})();

/** Separable 11x11 Gaussian filter over the positions where the window fits ('valid', as Wang's code). */
function filterValid(src: Float64Array, w: number, h: number): Float64Array {
  const ow = w - WINDOW + 1;
  const oh = h - WINDOW + 1;
  const tmp = new Float64Array(ow * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < ow; x++) {
      let s = 0;
      for (let k = 0; k < WINDOW; k++) s += GAUSS[k]! * src[y * w + x + k]!;
      tmp[y * ow + x] = s;
    }
  }
  const out = new Float64Array(ow * oh);
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      let s = 0;
      for (let k = 0; k < WINDOW; k++) s += GAUSS[k]! * tmp[(y + k) * ow + x]!;
      out[y * ow + x] = s;
    }
  }
  return out;
}

function channelSsim(a: RgbaImage, b: RgbaImage, c: number): number {
  const { width: w, height: h } = a;
  const n = w * h;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = a.data[i * 4 + c]!;
    y[i] = b.data[i * 4 + c]!;
  }
  const sq = (p: Float64Array, q: Float64Array) => p.map((v, i) => v * q[i]!);
  const mx = filterValid(x, w, h);
  const my = filterValid(y, w, h);
  const sxx = filterValid(sq(x, x), w, h);
  const syy = filterValid(sq(y, y), w, h);
  const sxy = filterValid(sq(x, y), w, h);
  let total = 0;
  for (let i = 0; i < mx.length; i++) {
    const ux = mx[i]!;
    const uy = my[i]!;
    const vx = sxx[i]! - ux * ux;
    const vy = syy[i]! - uy * uy;
    const cxy = sxy[i]! - ux * uy;
    total += ((2 * ux * uy + C1) * (2 * cxy + C2)) / ((ux * ux + uy * uy + C1) * (vx + vy + C2));
  }
  return total / mx.length;
}

/**
 * Mean SSIM (Wang, Bovik, Sheikh, Simoncelli 2004): 11x11 Gaussian window, sigma 1.5,
 * K1 0.01, K2 0.03, dynamic range 255, averaged over R, G and B.
 *
 * @param a An RGBA image; `b` another of the same size, both at least 11x11.
 * @throws ColorizeError `invalid_image` when their sizes differ or are under 11x11.
 */
export function ssim(a: RgbaImage, b: RgbaImage): number {
  assertSameSize(a, b);
  if (a.width < WINDOW || a.height < WINDOW) throw new ColorizeError('invalid_image', `SSIM needs images of at least ${WINDOW}x${WINDOW}.`);
  return (channelSsim(a, b, 0) + channelSsim(a, b, 1) + channelSsim(a, b, 2)) / 3;
}
