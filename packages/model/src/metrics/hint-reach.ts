import type { Colorizer } from '../inference/colorize.js';
import { ColorizeError } from '../errors.js';
import type { Hint } from '../inference/hints.js';
import type { RgbaImage } from '../photo/image.js';
import { rgbaToLab } from '../photo/lab.js';
import { seededRandom, seedFor } from '../rng.js';
import { toGrey } from '../photo/sheet.js';
import { sampleHints } from './sample-hints.js';

/** The colours a reach probe gives: saturated picks, as a user restoring a photo makes them. */
export const REACH_COLOURS = ['#c0392b', '#2e86c1', '#27ae60', '#f1c40f', '#8e44ad', '#e67e22'] as const;
/** "Near" is within this many model pixels of the hint's centre (the model's side is 256). */
export const REACH_NEAR = 8;
/** "Far" is this many model pixels or more from it. */
export const REACH_FAR = 96;

/** How much one hint moved a photo's colours: the mean a*b* distance, near the hint and far from it. */
export interface HintReach {
  photos: number;
  near: number;
  /** Over the photos that have far pixels (any photo bigger than a small crop). */
  far: number;
}

/**
 * How far one hint reaches. Each photo is turned grey and colorized without hints and with one
 * hint (placed as sampleHints places them, a colour of REACH_COLOURS), and the a*b* distance
 * between the two results is averaged within REACH_NEAR and from REACH_FAR model pixels of the
 * hint's centre. A hint should move what is near it a lot and what is far barely.
 *
 * @param colorizer A model trained with hints.
 * @param photos Photos with a name each; each one's draw depends only on `seed` and its name.
 * @param seed Seed of the hints' places and colours.
 * @throws ColorizeError `invalid_hints` (from colorize) for a model without hints, `invalid_option` with no photos.
 */
export async function hintReach(colorizer: Colorizer, photos: Iterable<{ file: string; image: RgbaImage }>, seed = 0): Promise<HintReach> {
  let [photoCount, near, far, withFar] = [0, 0, 0, 0];
  for (const { file, image } of photos) {
    const random = seededRandom(seedFor(seed, file));
    const { width, height } = image;
    // Placed as eval --hints places its hints; only the colour is a user's pick instead of the truth's.
    const [{ x, y, size }] = sampleHints(image, 1, random) as [Hint];
    const color = REACH_COLOURS[Math.floor(random() * REACH_COLOURS.length)]!;
    const grey = toGrey(image);
    const before = rgbaToLab((await colorizer.colorize(grey)).data, width * height);
    const after = rgbaToLab((await colorizer.colorize(grey, { hints: [{ x, y, color, size }] })).data, width * height);
    // Distances in the model's pixels, so a photo of any size is judged at the scale the model works at.
    const toModel = colorizer.generator.config.size / Math.max(width, height);
    const sums: Record<'near' | 'far', [number, number]> = { near: [0, 0], far: [0, 0] };
    for (let py = 0; py < height; py++) {
      for (let px = 0; px < width; px++) {
        const d = Math.hypot(px - x, py - y) * toModel;
        const band = d <= REACH_NEAR ? sums.near : d >= REACH_FAR ? sums.far : undefined;
        if (!band) continue;
        const i = (py * width + px) * 3;
        band[0] += Math.hypot(after[i + 1]! - before[i + 1]!, after[i + 2]! - before[i + 2]!);
        band[1]++;
      }
    }
    photoCount++;
    near += sums.near[0]! / sums.near[1]!;
    if (sums.far[1]) [far, withFar] = [far + sums.far[0]! / sums.far[1]!, withFar + 1];
  }
  if (photoCount === 0) throw new ColorizeError('invalid_option', 'hintReach() needs at least one photo.');
  return { photos: photoCount, near: near / photoCount, far: withFar ? far / withFar : 0 };
}
