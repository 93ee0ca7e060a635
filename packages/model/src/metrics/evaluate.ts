import type { Colorizer, ColorizeOptions } from '../colorize.js';
import type { RgbaImage } from '../image.js';
import { ColorizeError } from '../errors.js';
import { toGrey } from '../sheet.js';
import { meanCiede2000 } from './ciede2000.js';
import { colourfulness } from './colourfulness.js';
import { psnr } from './psnr.js';
import { ssim } from './ssim.js';

/** PSNR (dB), SSIM, mean CIEDE2000 and colourfulness of one image or a mean over several. */
export interface Scores { psnr: number; ssim: number; ciede2000: number; colourfulness: number }
/** One photo's scores: the model's, the grey baseline's, and the truth's colourfulness. */
export interface EvaluatedPhoto { file: string; model: Scores; grey: Scores; truthColourfulness: number }
/** evaluate()'s result: means over the photos and one row per photo. */
export interface Evaluation {
  photos: number;
  model: Scores;
  /** The input's L* with a* = b* = 0: what a colorizer has to beat. */
  grey: Scores;
  truthColourfulness: number;
  rows: EvaluatedPhoto[];
}

function score(out: RgbaImage, truth: RgbaImage): Scores {
  return { psnr: psnr(out, truth), ssim: ssim(out, truth), ciede2000: meanCiede2000(out, truth), colourfulness: colourfulness(out) };
}

function meanScores(all: Scores[]): Scores {
  const mean = (k: keyof Scores) => all.reduce((s, x) => s + x[k], 0) / all.length;
  return { psnr: mean('psnr'), ssim: mean('ssim'), ciede2000: mean('ciede2000'), colourfulness: mean('colourfulness') };
}

/**
 * Turns every photo grey, colorizes it and scores it against the photo, beside the grey baseline.
 * `onEach` sees each result (to save it) before the next photo is colorized.
 *
 * @param colorizer The model under test.
 * @param photos Colour photos with a name each.
 * @param options Passed to colorize().
 * @throws ColorizeError `invalid_option` with no photos; what colorize() throws for a bad photo.
 */
export async function evaluate(
  colorizer: Colorizer,
  photos: Iterable<{ file: string; image: RgbaImage }>,
  options: ColorizeOptions = {},
  onEach?: (row: EvaluatedPhoto, images: { grey: RgbaImage; out: RgbaImage; truth: RgbaImage }) => Promise<void> | void,
): Promise<Evaluation> {
  const rows: EvaluatedPhoto[] = [];
  for (const { file, image } of photos) {
    const grey = toGrey(image);
    const out = await colorizer.colorize(grey, options);
    const row = { file, model: score(out, image), grey: score(grey, image), truthColourfulness: colourfulness(image) };
    rows.push(row);
    await onEach?.(row, { grey, out, truth: image });
  }
  if (rows.length === 0) throw new ColorizeError('invalid_option', 'evaluate() needs at least one photo.');
  return {
    photos: rows.length,
    model: meanScores(rows.map((r) => r.model)),
    grey: meanScores(rows.map((r) => r.grey)),
    truthColourfulness: rows.reduce((s, r) => s + r.truthColourfulness, 0) / rows.length,
    rows,
  };
}
