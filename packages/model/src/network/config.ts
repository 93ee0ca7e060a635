import { assert } from '../errors.js';
import { HINT_INPUT_CHANNELS } from '../inference/hints.js';

/** The pix2pix U-Net generator. Defaults are the paper's colorizer: L in, ab out, 256x256, ngf 64. */
export interface GeneratorConfig {
  inChannels: number;
  outChannels: number;
  /** Training and inference size; must be a multiple of 2^depth. */
  size: number;
  ngf: number;
  /** Filters stop growing at filterCap * ngf (the paper's 512 = 8 * 64). */
  filterCap: number;
  /** Encoder blocks (8 for 256x256: the bottleneck is 1x1). */
  depth: number;
  /**
   * BatchNorm on the 1x1 bottleneck. The TensorFlow tutorial has it (and its parameter
   * count includes it); the PyTorch reference does not, and at batch 1 it zeroes the
   * bottleneck, so the trainable colorizer leaves it out.
   */
  innermostNorm: boolean;
  /** The first decoder blocks that get dropout (the paper: 3). */
  dropoutBlocks: number;
  dropoutRate: number;
  /**
   * BatchNorm's statistics at inference. 'batch': the image's own, the paper's choice, which
   * equals what training saw at batch 1. 'moving': the running averages of training, for a
   * model trained on larger batches, whose layers only ever saw statistics of several photos
   * mixed (the shipped model paints grass brown on its own statistics, green on these).
   */
  normalization: 'batch' | 'moving';
  /**
   * Colour hints beside L*: the input is then L*, the hints' a*b* and their mask (4 channels,
   * see hints.ts). Zero hints is the automatic mode, so one model does both.
   */
  hints: boolean;
}

/** The 70x70 PatchGAN. Defaults are the paper's: ndf 64, L* and a*b* in. */
export interface DiscriminatorConfig {
  /** Channels of input and output concatenated (1 + 2 for the colorizer). */
  inChannels: number;
  ndf: number;
  filterCap: number;
}

/** The paper's generator for colorization: L* in, a*b* out, 256x256, ngf 64. */
export const DEFAULT_GENERATOR: GeneratorConfig = {
  inChannels: 1,
  outChannels: 2,
  size: 256,
  ngf: 64,
  filterCap: 8,
  depth: 8,
  innermostNorm: true,
  dropoutBlocks: 3,
  dropoutRate: 0.5,
  normalization: 'batch',
  hints: false,
};

/** The paper's discriminator: ndf 64 on L* and a*b* stacked. */
export const DEFAULT_DISCRIMINATOR: DiscriminatorConfig = { inChannels: 3, ndf: 64, filterCap: 8 };

/** The size shipped for the edge and the browser: ngf/ndf 16, no bottleneck norm (see the model card). */
export const EDGE_GENERATOR: GeneratorConfig = { ...DEFAULT_GENERATOR, ngf: 16, innermostNorm: false };
export const EDGE_DISCRIMINATOR: DiscriminatorConfig = { ...DEFAULT_DISCRIMINATOR, ndf: 16 };

/**
 * A generator of the shipped kind (EDGE_GENERATOR) at another size or width: the depth follows
 * the size, down to a 1x1 bottleneck.
 *
 * @param size A power of two from 32 to 512.
 * @param ngf The width (the shipped model: 16).
 * @param hints Take colour hints: L*, the hints' a*b* and their mask in (4 channels, see hints.ts).
 * @throws ColorizeError `invalid_option` for another size.
 */
export function generatorConfigFor(size: number, ngf = EDGE_GENERATOR.ngf, hints = false): GeneratorConfig {
  const depth = Math.log2(size);
  assert(Number.isInteger(depth) && size >= 32 && size <= 512, 'invalid_option', () => `The size must be a power of two from 32 to 512, got ${size}.`);
  assert(Number.isInteger(ngf) && ngf >= 1, 'invalid_option', () => `The width must be a whole number from 1, got ${ngf}.`);
  return { ...EDGE_GENERATOR, size, depth, ngf, hints, inChannels: hints ? HINT_INPUT_CHANNELS : 1 };
}

/**
 * The inference normalization that matches training on batches of `batch` photos (see GeneratorConfig).
 *
 * @param batch Photos per training batch.
 * @returns 'batch' for 1 (the paper's), 'moving' above.
 */
export function normalizationFor(batch: number): GeneratorConfig['normalization'] {
  return batch > 1 ? 'moving' : 'batch';
}

export function filtersAt(base: number, i: number, cap: number): number {
  return Math.min(base * 2 ** i, cap * base);
}
