import * as tf from '@tensorflow/tfjs-core';
import { ColorizeError } from '../errors.js';
import { fastGenerator, type FastGenerator } from './fast-inference.js';
import { assertRgbaImage, DEFAULT_MAX_PIXELS, reflectPad, resizeRows, type RgbaImage } from '../photo/image.js';
import { assertTakesHints, checkHints, hintPlanes, type Hint } from './hints.js';
import { checkChromaFilter, guidedChroma, type ChromaFilter } from './chroma-filter.js';
import { AB_SCALE, rgbaToLightness } from '../photo/lab.js';
import { mergeAb } from '../photo/merge.js';
import type { Generator } from '../network/unet.js';

/** Options of colorize(): all optional. */
export interface ColorizeOptions {
  /** Scale of the predicted chroma: 0 gives the grey image back, 1 the model's colours, up to 2. */
  saturation?: number;
  /** Refuse larger images (pixels). */
  maxPixels?: number;
  /**
   * Write the result into the input's own pixel buffer instead of a new one (the input is
   * overwritten): one full-size buffer less, for memory-bound hosts such as a worker.
   */
  inPlace?: boolean;
  /**
   * Colour hints, in pixels of this image (see Hint): the model paints these colours there and
   * spreads them where they fit. Only for a model with hints (`generator.config.hints`); none,
   * or an empty list, is the automatic mode.
   */
  hints?: readonly Hint[];
  /**
   * The L*-guided filter of the predicted a*b* that clears colour specks (see ChromaFilter):
   * DEFAULT_CHROMA_FILTER unless given; `false` shows the generator's raw colours.
   */
  chromaFilter?: ChromaFilter | false;
}

/** The chroma filter every surface gets: chosen by measurement (MODEL_CARD.md, "Colour specks"). */
export const DEFAULT_CHROMA_FILTER: ChromaFilter = { radius: 4, eps: 0.01 };

/** How long each stage of one colorize() took, in ms. */
export interface ColorizeTimings {
  /** Grey plane, resize and padding (ms). */
  prepare: number;
  /** The generator (ms). */
  inference: number;
  /** Upsampling ab and merging with full-resolution L (ms). */
  merge: number;
}

/** Where the image sits inside the generator's square input. */
export interface Placement {
  width: number;
  height: number;
  top: number;
  left: number;
}

/**
 * Fit the image inside size x size keeping its aspect ratio (the generator never sees a
 * squashed image); the rest is reflect-padded. A U-Net of depth 8 needs sides that are
 * multiples of 256, so a square of the trained size is both the cheapest and the scale the
 * model learnt at.
 */
export function placement(width: number, height: number, size: number): Placement {
  const scale = size / Math.max(width, height);
  const w = Math.max(1, Math.min(size, Math.round(width * scale)));
  const h = Math.max(1, Math.min(size, Math.round(height * scale)));
  return { width: w, height: h, top: Math.floor((size - h) / 2), left: Math.floor((size - w) / 2) };
}

function checkSaturation(s: number): number {
  if (!Number.isFinite(s) || s < 0 || s > 2) {
    throw new ColorizeError('invalid_option', `saturation must be a number from 0 to 2, got ${s}.`);
  }
  return s;
}

/**
 * Colorize with a generator (a model being trained, say): the result has the input's size, its
 * L* and alpha, and predicted a*b*. Colorizer.colorize is this with the loaded model.
 *
 * @param generator A FastGenerator of the network.
 * @param image RGBA pixels, any size.
 * @param options As Colorizer.colorize; `timings` is filled when given.
 * @throws ColorizeError as Colorizer.colorize.
 */
export async function colorizeWith(
  generator: FastGenerator,
  image: RgbaImage,
  options: ColorizeOptions = {},
  timings?: ColorizeTimings,
): Promise<RgbaImage> {
  assertRgbaImage(image, options.maxPixels ?? DEFAULT_MAX_PIXELS);
  const saturation = checkSaturation(options.saturation ?? 1);
  const filter = checkChromaFilter(options.chromaFilter ?? DEFAULT_CHROMA_FILTER);
  const { width, height, data } = image;
  const { size, hints: takesHints } = generator.source.config;
  const hints = options.hints === undefined ? [] : checkHints(options.hints, width, height);
  assertTakesHints(takesHints, hints);
  const t = performance.now();
  const { input, place } = modelInput(image, generator.source.config, hints);
  const prepared = performance.now();

  const raw = saturation === 0 ? new Float32Array(size * size * 2) : await predictAb(generator, input, size);
  const ab = filter && saturation > 0 ? guidedChroma(raw, input, size, input.length / (size * size), filter) : raw;
  const inferred = performance.now();

  const grid = { width: size, height: size, data: ab, region: place };
  const out = mergeAb(image, grid, saturation * AB_SCALE, options.inPlace ? data : new Uint8ClampedArray(data.length));
  if (timings) {
    timings.prepare = prepared - t;
    timings.inference = inferred - prepared;
    timings.merge = performance.now() - inferred;
  }
  return { width, height, data: out };
}

/**
 * What the generator sees of an image: its L* fitted into the model's square and reflect-padded,
 * scaled to [-1, 1]; for a model with hints, then the hints' a*b* and mask, mapped and padded
 * the same way (hints.ts). Channels-last, [size, size, 1 or 4].
 *
 * @param image RGBA pixels (checked by the caller).
 * @param config The generator's size and whether it takes hints.
 * @param hints Checked hints, in the image's pixels (none: the automatic mode).
 */
export function modelInput(image: RgbaImage, config: { size: number; hints: boolean }, hints: readonly Hint[]): { input: Float32Array; place: Placement } {
  const { width, height, data } = image;
  const { size } = config;
  const place = placement(width, height, size);
  // L* is made row by row on the way down to the model's size: a full-size L* plane is never held.
  const small = resizeRows(width, height, place.width, place.height, (y, row) => rgbaToLightness(data, width, row, y * width));
  const padded = reflectPad(small, place.top, place.left, size, size);
  for (let i = 0; i < padded.data.length; i++) padded.data[i] = padded.data[i]! / 50 - 1;
  const channels = config.hints
    ? [padded.data, ...hintPlanes(hints, width, height, place, (p) => reflectPad({ ...place, data: p }, place.top, place.left, size, size).data)]
    : [padded.data];
  return { input: interleave(channels), place };
}

/** Planes of one size as one channels-last buffer (the model's NHWC input). */
function interleave(planes: readonly Float32Array[]): Float32Array {
  if (planes.length === 1) return planes[0]!;
  const c = planes.length;
  const out = new Float32Array(planes[0]!.length * c);
  planes.forEach((p, k) => {
    for (let i = 0; i < p.length; i++) out[i * c + k] = p[i]!;
  });
  return out;
}

async function predictAb(generator: FastGenerator, input: Float32Array, size: number): Promise<Float32Array> {
  const y = tf.tidy(() => generator.apply(tf.tensor4d(input, [1, size, size, input.length / (size * size)])));
  try {
    return (await y.data()) as Float32Array;
  } finally {
    y.dispose();
  }
}

/** What a loaded model's weights cost: bytes as stored (quantized or not) and their dtype. */
export interface WeightsInfo {
  bytes: number;
  /** 'uint8', 'uint16' or 'float16' when quantized, else 'float32'. */
  dtype: string;
}

/** A loaded colorization model: `colorize()` as many images as you like, then `dispose()`. */
export class Colorizer {
  private readonly fast: FastGenerator;
  /**
   * @param generator The U-Net; the colorizer owns it from now on (`dispose()` frees it).
   * @param metadata The model's id and version (model.json's userDefinedMetadata).
   * @param weights What the weights cost as stored.
   */
  constructor(
    readonly generator: Generator,
    readonly metadata: { id: string; version: string; [key: string]: unknown },
    readonly weights: WeightsInfo = { bytes: 0, dtype: 'float32' },
  ) {
    this.fast = fastGenerator(generator);
  }

  /**
   * Colorize one image: the result has the input's width, height, L* and alpha, with a*b*
   * predicted by the model at its own size and upsampled.
   *
   * @param image RGBA pixels (an ImageData satisfies it), any size and aspect ratio.
   * @param options `saturation` 0-2 (default 1), `maxPixels` (default 64 MP), `inPlace`, `hints`.
   * @param timings Filled with the stages' durations in ms, when given.
   * @throws ColorizeError `empty_image` (no pixels), `invalid_image` (the data does not match
   *   the size), `image_too_large` (over maxPixels), `invalid_option` (saturation out of range),
   *   `invalid_hints` (a hint outside the image or not a colour, over MAX_HINTS, or hints for a
   *   model without them).
   */
  colorize(image: RgbaImage, options: ColorizeOptions = {}, timings?: ColorizeTimings): Promise<RgbaImage> {
    return colorizeWith(this.fast, image, options, timings);
  }

  /** Free the model's tensors; the colorizer cannot be used afterwards. */
  dispose(): void {
    this.fast.dispose();
    for (const v of this.generator.params.values()) v.dispose();
    this.generator.params.clear();
  }
}
