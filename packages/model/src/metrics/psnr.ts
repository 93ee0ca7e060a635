import type { RgbaImage } from '../photo/image.js';
import { assertSameSize } from './same-size.js';

/**
 * Peak signal-to-noise ratio over the R, G and B channels of two 8-bit images, in dB (Infinity when equal).
 *
 * @param a An RGBA image; `b` another of the same size.
 * @throws ColorizeError `invalid_image` when their sizes differ.
 */
export function psnr(a: RgbaImage, b: RgbaImage): number {
  assertSameSize(a, b);
  let sum = 0;
  const n = a.width * a.height;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) {
      const d = a.data[i * 4 + c]! - b.data[i * 4 + c]!;
      sum += d * d;
    }
  }
  const mse = sum / (n * 3);
  return mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse);
}
