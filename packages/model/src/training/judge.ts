/**
 * The two judges of a fine-tune, and the one rule that keeps a step.
 *
 * - The person's judge scores parts of the person's own photos that training never sees: with
 *   few photos a strip of every photo (so every photo counts, and a fine-tune on a castle's sky
 *   is not asked to improve a fruit bowl), with many photos whole photos.
 * - The world's judge scores a small fixed set of photos from sources neither the model's
 *   training nor the person's photos come from (shipped beside the model), so a fine-tune that
 *   forgets how to colour everything else is not kept.
 *
 * The rule, in one sentence for the person: a step is kept when it colours the unseen parts of
 * your photos better than the start and every step kept before it, while colouring other photos
 * at most 0.3 dB worse and at least 90 % as colourfully as the start.
 */
import { assert, ColorizeError } from '../errors.js';
import { colorizeWith } from '../inference/colorize.js';
import type { FastGenerator } from '../inference/fast-inference.js';
import { meanCiede2000 } from '../metrics/ciede2000.js';
import { colourfulness } from '../metrics/colourfulness.js';
import { psnr } from '../metrics/psnr.js';
import type { RgbaImage } from '../photo/image.js';
import { resizeRgba } from '../photo/image.js';
import { toGrey } from '../photo/sheet.js';
import { atMost, centreSquare, cropRgba, heldOutKeys, photoKey, splitPhoto } from './photos.js';

/** How a model colours a set of views: PSNR and mean CIEDE2000 against them, its colourfulness as a fraction of theirs. */
export interface HeldOutScores {
  psnr: number;
  ciede2000: number;
  colourfulness: number;
  /** Each view's colourfulness as the model colours it (Hasler and Suesstrunk's M). */
  views: number[];
}

/** A square to score on: grey as the model sees it, and the truth. */
export interface JudgeView {
  grey: RgbaImage;
  truth: RgbaImage;
}

/** A step's scores from both judges (no world's scores where no world set was given). */
export interface Verdict {
  person: HeldOutScores;
  world?: HeldOutScores;
}

/** With fewer source photos than this, a strip of every photo is held out; from this many on, whole photos. */
export const STRIPS_BELOW = 10;
/** The part of each photo kept for training when strips are held out. */
export const STRIP_KEEP = 2 / 3;
/** At most this many whole photos are held out; more go to training. */
const MAX_HELD_OUT_PHOTOS = 12;
/** Views scored by the person's judge: three of each photo (whole and two half-scale) while they fit, else one of each. */
const MAX_VIEWS = 9;
/** The world's judge: how much PSNR (dB) a kept step may lose on the world's photos, against the start. */
export const WORLD_MAX_LOSS_DB = 0.3;
/** The world's judge: the share of the start's colourfulness a kept step keeps on the world's photos. */
export const WORLD_MIN_COLOURFULNESS = 0.9;
/** A photo this grey has no colour to learn from (Hasler and Suesstrunk's scale: 15 is "slightly colourful"). */
const MIN_COLOURFULNESS = 3;

/** A turn of the event loop, so a page (or a worker's messages) is heard between long pieces of work. */
export const later = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);

/** A photo's views at the model's size: whole, and (when `three` and it is large enough) two half-scale corners, the scales crops train at. */
function viewsOf(image: RgbaImage, size: number, three: boolean): JudgeView[] {
  const half = Math.floor(Math.min(image.width, image.height) / 2);
  const squares = [centreSquare(image, size)];
  if (three && half >= size / 2) {
    squares.push(resizeRgba(cropRgba(image, 0, 0, half, half), size, size));
    squares.push(resizeRgba(cropRgba(image, image.width - half, image.height - half, half, half), size, size));
  }
  return squares.map((truth) => ({ grey: toGrey(truth), truth }));
}

/** The third of a photo to judge by: the strip (of four) most like the whole photo in colour, since a strip of plain wall or sky would judge nothing. */
function judgedStrip(image: RgbaImage): { train: RgbaImage; heldOut: RgbaImage } {
  const whole = colourfulness(image);
  const [best] = (['left', 'right', 'top', 'bottom'] as const)
    .map((side) => splitPhoto(image, STRIP_KEEP, side))
    .map((split) => ({ ...split, off: Math.abs(colourfulness(split.heldOut) - whole) }))
    .sort((a, b) => a.off - b.off);
  return best!;
}

/** The person's photos split for training and for their judge. */
export interface PersonSplit {
  /** What training crops come from. */
  train: RgbaImage[];
  /** The squares the person's judge scores. */
  views: JudgeView[];
  /** How the photos were held out: a strip of each, whole photos, or nothing (training photos are previewed, and the latest step kept). */
  mode: 'strips' | 'photos' | 'none';
  /** The photos judged by (all of them with strips). */
  heldOutNames: string[];
}

/**
 * Splits a person's photos for training and for their judge: with fewer than STRIPS_BELOW source
 * photos (crops named <package>__<photo>__<k> are one photo, see photoKey) a third of every image
 * is held out, else `fraction` of the source photos, whole (at most 12). A fraction of 0 holds
 * nothing out.
 *
 * @param size The model's square.
 * @throws ColorizeError `invalid_option` with no photos; `invalid_image` when none has colour.
 */
export async function splitForJudging(
  photos: readonly { name: string; image: RgbaImage }[],
  size: number,
  fraction: number,
  onPrepare?: (done: number, total: number) => void | Promise<void>,
): Promise<PersonSplit> {
  assert(photos.length > 0, 'invalid_option', () => 'There are no photos to learn from.');
  const sources = new Set(photos.map((p) => photoKey(p.name))).size;
  const mode = fraction === 0 ? 'none' : sources < STRIPS_BELOW ? 'strips' : 'photos';
  const held = mode === 'photos' ? new Set([...(await heldOutKeys(photos.map((p) => p.name), fraction))].slice(0, MAX_HELD_OUT_PHOTOS)) : new Set<string>();
  const judgedCount = mode === 'strips' ? photos.length : photos.filter((p) => held.has(photoKey(p.name))).length;
  const three = judgedCount * 3 <= MAX_VIEWS;
  const split: PersonSplit = { train: [], views: [], mode, heldOutNames: [] };
  for (const [i, photo] of photos.entries()) {
    await onPrepare?.(i + 1, photos.length);
    await later(); // let a page hear about it
    // Photos much larger than the model's square only cost memory: crops still reach 1/3 of them.
    const image = atMost(photo.image, 3 * size);
    if (mode === 'strips') {
      const { train, heldOut } = judgedStrip(image);
      split.train.push(train);
      split.views.push(...viewsOf(heldOut, size, three));
      split.heldOutNames.push(photo.name);
    } else if (held.has(photoKey(photo.name))) {
      split.views.push(...viewsOf(image, size, three));
      split.heldOutNames.push(photo.name);
    } else {
      split.train.push(image);
    }
  }
  assert(split.train.length > 0, 'invalid_option', () => 'Every photo was held out: there is nothing left to learn from.');
  if (split.train.every((p) => colourfulness(p) < MIN_COLOURFULNESS)) {
    throw new ColorizeError('invalid_image', 'These photos have no colour to learn from: give it colour photos of the scenes or people in your black-and-white ones.');
  }
  if (mode === 'none') split.views = split.train.slice(0, 4).flatMap((image) => viewsOf(image, size, false));
  return split;
}

/** The world's judge's views: each photo's centre square at the model's size. */
export function worldViews(photos: readonly RgbaImage[], size: number): JudgeView[] {
  return photos.map((image) => viewsOf(image, size, false)[0]!);
}

/**
 * Scores a generator on views.
 *
 * @param truthColourfulness The views' own mean colourfulness (measured once by the caller: the truths never change).
 */
export async function scoreViews(fast: FastGenerator, views: readonly JudgeView[], truthColourfulness: number): Promise<{ scores: HeldOutScores; images: RgbaImage[] }> {
  const images: RgbaImage[] = [];
  for (const { grey } of views) images.push(await colorizeWith(fast, grey));
  const colours = images.map((im) => colourfulness(im));
  return {
    images,
    scores: {
      psnr: mean(images.map((im, i) => psnr(im, views[i]!.truth))),
      ciede2000: mean(images.map((im, i) => meanCiede2000(im, views[i]!.truth))),
      // A ratio of means: one plain grey view (a wall) would swamp a mean of ratios.
      colourfulness: mean(colours) / Math.max(1e-6, truthColourfulness),
      views: colours,
    },
  };
}

/** The views' own mean colourfulness, for scoreViews. */
export function truthColourfulness(views: readonly JudgeView[]): number {
  return mean(views.map((v) => colourfulness(v.truth)));
}

/** Whether the world's judge lets a step be kept: at most WORLD_MAX_LOSS_DB worse than the start, with WORLD_MIN_COLOURFULNESS of its colourfulness. */
export function worldAllows(world: HeldOutScores, start: HeldOutScores): boolean {
  return world.psnr >= start.psnr - WORLD_MAX_LOSS_DB && world.colourfulness >= WORLD_MIN_COLOURFULNESS * start.colourfulness;
}

/**
 * Whether a step's verdict earns a place as the kept model (see the rule at the top): better in
 * PSNR on the person's views than the best so far (which begins as the start), and, where a
 * world set was judged, allowed by the world's judge against `start`. A new model starts from
 * noise: with no `start` only the person's judge counts.
 */
export function keeps(candidate: Verdict, best: Verdict, start?: Verdict): boolean {
  if (candidate.person.psnr <= best.person.psnr) return false;
  if (!start?.world || !candidate.world) return true;
  return worldAllows(candidate.world, start.world);
}
