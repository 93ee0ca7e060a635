import type { Colorizer, ColorizeOptions } from '../inference/colorize.js';
import type { RgbaImage } from '../photo/image.js';
import { assert, ColorizeError } from '../errors.js';
import type { Hint } from '../inference/hints.js';
import { seededRandom, seedFor } from '../rng.js';
import { toGrey } from '../photo/sheet.js';
import { meanCiede2000 } from './ciede2000.js';
import { chroma, type Chroma } from './chroma-noise.js';
import { colourfulness } from './colourfulness.js';
import { psnr } from './psnr.js';
import { sampleHints } from './sample-hints.js';
import { ssim } from './ssim.js';

/**
 * PSNR (dB), SSIM, mean CIEDE2000, colourfulness and chroma (with its high-frequency part, for
 * chromaNoiseShare) of one image, or their means over several.
 */
export interface Scores { psnr: number; ssim: number; ciede2000: number; colourfulness: number; chroma: Chroma }
/** One photo's scores: the model's, the grey baseline's, and the truth's colourfulness and chroma; the hints it was given, if any. */
export interface EvaluatedPhoto { file: string; model: Scores; grey: Scores; truthColourfulness: number; truthChroma: Chroma; hints?: Hint[] }
/** Means over a set of photos (summarize()). */
export interface Summary {
  photos: number;
  model: Scores;
  /** The input's L* with a* = b* = 0: what a colorizer has to beat. */
  grey: Scores;
  truthColourfulness: number;
  truthChroma: Chroma;
}
/** evaluate()'s result: means over the photos and one row per photo. */
export interface Evaluation extends Summary {
  /** Hints given per photo (0: automatic) and the seed they were sampled with. */
  hints: number;
  seed: number;
  rows: EvaluatedPhoto[];
}

function score(out: RgbaImage, truth: RgbaImage): Scores {
  return { psnr: psnr(out, truth), ssim: ssim(out, truth), ciede2000: meanCiede2000(out, truth), colourfulness: colourfulness(out), chroma: chroma(out) };
}

const mean = <T>(all: readonly T[], of: (x: T) => number) => all.reduce((s, x) => s + of(x), 0) / all.length;
const meanChroma = (all: readonly Chroma[]): Chroma => ({ noise: mean(all, (c) => c.noise), chroma: mean(all, (c) => c.chroma) });

function meanScores(all: readonly Scores[]): Scores {
  return {
    psnr: mean(all, (x) => x.psnr),
    ssim: mean(all, (x) => x.ssim),
    ciede2000: mean(all, (x) => x.ciede2000),
    colourfulness: mean(all, (x) => x.colourfulness),
    chroma: meanChroma(all.map((x) => x.chroma)),
  };
}

/**
 * Means over some evaluated photos (all of evaluate()'s, or a subset such as the portraits).
 *
 * @throws ColorizeError `invalid_option` with no rows.
 */
export function summarize(rows: readonly EvaluatedPhoto[]): Summary {
  if (rows.length === 0) throw new ColorizeError('invalid_option', 'A summary needs at least one evaluated photo.');
  return {
    photos: rows.length,
    model: meanScores(rows.map((r) => r.model)),
    grey: meanScores(rows.map((r) => r.grey)),
    truthColourfulness: mean(rows, (r) => r.truthColourfulness),
    truthChroma: meanChroma(rows.map((r) => r.truthChroma)),
  };
}

/** evaluate()'s options: colorize()'s, with hints sampled from each photo instead of given. */
export interface EvaluateOptions extends Omit<ColorizeOptions, 'hints'> {
  /** Hints per photo, sampled from the truth (sampleHints); 0, the default, is the automatic mode. */
  hints?: number;
  /** Seed of the hints; each photo's draw depends only on it and the photo's name (seedFor). */
  seed?: number;
}

/**
 * Turns every photo grey, colorizes it and scores it against the photo, beside the grey baseline.
 * `onEach` sees each result (to save it) before the next photo is colorized.
 *
 * @param colorizer The model under test (or anything that colorizes as it does).
 * @param photos Colour photos with a name each.
 * @param options Passed to colorize(), and how many hints to give (a hints model only).
 * @throws ColorizeError `invalid_option` with no photos or a bad hint count; what colorize()
 *   throws for a bad photo, or `invalid_hints` for hints to a model without them.
 */
export async function evaluate(
  colorizer: Pick<Colorizer, 'colorize'>,
  photos: Iterable<{ file: string; image: RgbaImage }>,
  options: EvaluateOptions = {},
  onEach?: (row: EvaluatedPhoto, images: { grey: RgbaImage; out: RgbaImage; truth: RgbaImage }) => Promise<void> | void,
): Promise<Evaluation> {
  const { hints: count = 0, seed = 0, ...colorizeOptions } = options;
  assert(Number.isInteger(count) && count >= 0, 'invalid_option', () => `The hint count must be a whole number from 0, got ${count}.`);
  const rows: EvaluatedPhoto[] = [];
  for (const { file, image } of photos) {
    const grey = toGrey(image);
    const hints = count > 0 ? sampleHints(image, count, seededRandom(seedFor(seed, file))) : undefined;
    // No hints: exactly the automatic call, without a `hints` option at all.
    const out = await colorizer.colorize(grey, hints ? { ...colorizeOptions, hints } : colorizeOptions);
    const row: EvaluatedPhoto = {
      file, model: score(out, image), grey: score(grey, image), truthColourfulness: colourfulness(image), truthChroma: chroma(image), ...(hints ? { hints } : {}),
    };
    rows.push(row);
    await onEach?.(row, { grey, out, truth: image });
  }
  if (rows.length === 0) throw new ColorizeError('invalid_option', 'evaluate() needs at least one photo.');
  return { ...summarize(rows), hints: count, seed, rows };
}
