import { hexColour, type Hint } from '../inference/hints.js';
import type { RgbaImage } from '../photo/image.js';
import { labToSrgb, rgbaToLab } from '../photo/lab.js';

/** The side of an evaluation hint in image pixels: 6 model pixels on the 256x256 evaluation crops. */
export const EVAL_HINT_SIZE = 6;

/**
 * Hints as a user who knew the truth would give them: `n` square patches at uniformly random
 * positions fully inside the photo, each the photo's mean colour over its patch. For evaluating
 * a hints model (eval --hints), in benchmarks and tests.
 *
 * The mean L*a*b* goes through a hex colour, as every hint does: 8-bit sRGB rounding moves its
 * a*b* (measured on 6,020 hints of 301 training crops: median 0.2, at most 0.6 units), and a mean
 * outside the sRGB gamut (10 of those 6,020: the pixels are inside it, their mean in L*a*b* need
 * not be) is clipped in linear light, which can move it more (sample-hints.test.ts checks this).
 *
 * @param image The colour photo (the truth).
 * @param n Hints to sample.
 * @param random A seeded source (seededRandom): per hint its column, then its row.
 * @param size The patch side in image pixels (at most the photo's shorter side).
 * @returns Hints whose patch, mapped as colorize() maps hints, covers exactly the sampled pixels
 *   of an image the model's size (a 256x256 crop).
 */
export function sampleHints(image: RgbaImage, n: number, random: () => number, size = EVAL_HINT_SIZE): Hint[] {
  const { width, height, data } = image;
  const side = Math.max(1, Math.min(size, width, height));
  const hints: Hint[] = [];
  for (let k = 0; k < n; k++) {
    const left = Math.floor(random() * (width - side + 1));
    const top = Math.floor(random() * (height - side + 1));
    const mean = [0, 0, 0];
    for (let y = top; y < top + side; y++) {
      const row = rgbaToLab(data.subarray((y * width + left) * 4, (y * width + left + side) * 4), side);
      row.forEach((v, i) => (mean[i % 3]! += v / (side * side)));
    }
    const [r, g, b] = labToSrgb(mean[0]!, mean[1]!, mean[2]!);
    const color = hexColour(r * 255, g * 255, b * 255);
    // The centre of the patch's pixels: hintPlanes puts a side-pixel patch centred there back at left, top.
    hints.push({ x: left + (side - 1) / 2, y: top + (side - 1) / 2, color, size: side });
  }
  return hints;
}
