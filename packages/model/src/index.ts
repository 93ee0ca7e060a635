/**
 * @colorize/model: pix2pix (Isola et al. 2017) for black-and-white photos, on any
 * TensorFlow.js backend (the app picks it). The short way:
 *
 *   const colorizer = await loadColorizer('https://…/model.json');
 *   const out = await colorizer.colorize(imageData, { saturation: 1.2 });
 *   colorizer.dispose();
 */
import type * as tf from '@tensorflow/tfjs-core';
import { Colorizer } from './colorize.js';
import { ColorizeError } from './errors.js';
import { fromArtifacts, loadArtifacts, type WeightsSource } from './weights.js';

export { Colorizer, colorizeWith, placement, type ColorizeOptions, type ColorizeTimings } from './colorize.js';
export { ColorizeError, type ColorizeErrorCode } from './errors.js';
export { assertRgbaImage, DEFAULT_MAX_PIXELS, type RgbaImage } from './image.js';
export { sniffImageType, type ImageType } from './image-type.js';
export * from './lab.js';
export * from './config.js';
export { createGenerator, type Generator, type GeneratorRun } from './unet.js';
export { createDiscriminator, type Discriminator } from './patchgan.js';
export { countParams, disposeParams, trainable, type ParamMap } from './params.js';
export { sigmoidCrossEntropy, generatorLoss, discriminatorLoss } from './losses.js';
export { createTrainer, PAPER_TRAINING, type Trainer, type TrainOptions, type StepLosses } from './train-step.js';
export { jitter } from './augment.js';
export { trainingBatch } from './batch.js';
export { saveCheckpoint, loadCheckpoint, type TrainingState } from './checkpoint.js';
export { fastGenerator, type FastGenerator } from './fast-inference.js';
export { registerWasmTrainingKernels } from './wasm-kernels.js';
export { seededRandom } from './rng.js';
export { tileSheet, toGrey, resizeRgba } from './sheet.js';
export { labBatch, labTensor } from './lab-tensor.js';
export {
  saveModel, loadModel, loadArtifacts, toArtifacts, fromArtifacts, toSingleFile, fromSingleFile, MODEL_FORMAT,
  type Pix2PixModel, type SingleFileModel, type ModelMetadata, type WeightDtype, type WeightsSource, type SaveOptions,
} from './weights.js';
export * from './metrics/index.js';

/** Load a colorizer from a tfjs URL ('http…', 'indexeddb://…', 'file://…' in Node), a handler or artifacts in memory. */
export async function loadColorizer(source: WeightsSource | tf.io.ModelArtifacts): Promise<Colorizer> {
  const artifacts = typeof source === 'object' && 'modelTopology' in source ? source : await loadArtifacts(source as WeightsSource);
  const { model, extra } = fromArtifacts(artifacts);
  for (const t of Object.values(extra)) t.dispose();
  model.discriminator?.params.forEach((v) => v.dispose());
  if (model.generator.config.inChannels !== 1 || model.generator.config.outChannels !== 2) {
    throw new ColorizeError('invalid_weights', 'A colorizer maps L (1 channel) to ab (2 channels).');
  }
  return new Colorizer(model.generator, model.metadata);
}

// issue 15
export { readOrientation, applyOrientation, orientedSize, tiffOrientation, type Orientation } from './orientation.js';
export { readJpegInfo, isFrameMarker, type JpegInfo, type JpegFrame } from './jpeg-markers.js';
export { jpegInk, cmykToRgba, patchDecoderForCmyk } from './cmyk.js';
export { jpegTailIsBlank } from './jpeg-tail.js';
export { decodePhoto, unsupportedJpeg, unsupportedWebp, type RawDecoders } from './photo-decode.js';
export { type ServiceErrorCode } from './errors.js';
