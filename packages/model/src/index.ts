/**
 * @colorize/model: pix2pix (Isola et al. 2017) for black-and-white photos, on any TensorFlow.js
 * backend (the app picks it). This entry loads a model and colorizes; training, metrics and the
 * Node-only parts are the `./training`, `./metrics` and `./node` entries.
 *
 *   const colorizer = await loadColorizer('https://…/model.json');
 *   const out = await colorizer.colorize(imageData, { saturation: 1.2 });
 *   const hinted = await colorizer.colorize(imageData, { hints: [{ x: 120, y: 80, color: '#c0392b' }] });
 *   colorizer.dispose();
 */
import type * as tf from '@tensorflow/tfjs-core';
import { Colorizer } from './inference/colorize.js';
import { ColorizeError } from './errors.js';
import { HINT_INPUT_CHANNELS } from './inference/hints.js';
import { fromArtifacts, loadArtifacts, weightBytes, type WeightsSource } from './inference/weights.js';

export { Colorizer, type ColorizeOptions, type ColorizeTimings, type WeightsInfo } from './inference/colorize.js';
export { ColorizeError, ERROR_CODES, isColorizeErrorCode, type ColorizeErrorCode, type ClientErrorCode, type ServiceErrorCode } from './errors.js';
export { assertTakesHints, checkHints, fullHex, hexColour, HINT_PATCH, MAX_HINTS, type Hint } from './inference/hints.js';
export { DEFAULT_MAX_PIXELS, type RgbaImage } from './photo/image.js';
export { sniffImageType, type ImageType } from './photo/image-type.js';
export type { ModelMetadata, WeightsSource } from './inference/weights.js';

/**
 * Load a colorizer.
 *
 * @param source Where model.json is: an 'http(s)://…' or site-relative URL, 'indexeddb://name',
 *   'file://dir' in Node (once `@colorize/model/node` is imported), a tfjs IOHandler, or
 *   ModelArtifacts already in memory.
 * @throws ColorizeError `model_unavailable` when the files cannot be fetched or read;
 *   `invalid_weights` when they are not a Colorize model mapping L* to a*b*, or are damaged.
 */
export async function loadColorizer(source: WeightsSource | tf.io.ModelArtifacts): Promise<Colorizer> {
  const artifacts = typeof source === 'object' && 'modelTopology' in source ? source : await loadArtifacts(source as WeightsSource);
  const { model, extra } = fromArtifacts(artifacts);
  for (const t of Object.values(extra)) t.dispose();
  model.discriminator?.params.forEach((v) => v.dispose());
  const { inChannels, outChannels, hints } = model.generator.config;
  if (inChannels !== (hints ? HINT_INPUT_CHANNELS : 1) || outChannels !== 2) {
    model.generator.params.forEach((v) => v.dispose());
    throw new ColorizeError('invalid_weights', 'A colorizer maps L* (with colour hints, if it takes them) to a*b* (2 channels); this model does not.');
  }
  const data = artifacts.weightData;
  // Summed, not concatenated: a second copy of the weights would only cost memory.
  const bytes = Array.isArray(data) ? data.reduce((n, b) => n + b.byteLength, 0) : weightBytes(data).byteLength;
  const dtype = artifacts.weightSpecs?.[0]?.quantization?.dtype ?? 'float32';
  return new Colorizer(model.generator, model.metadata, { bytes, dtype });
}
