/**
 * @colorize/model/training: build, train, checkpoint and save pix2pix networks. In Node, train
 * with `node --import @colorize/model/node-hooks` (tfjs's gradients need it: see node-hooks/).
 */
export { createGenerator, type Generator, type GeneratorRun } from '../network/unet.js';
export { createDiscriminator, type Discriminator } from '../network/patchgan.js';
export {
  DEFAULT_DISCRIMINATOR, DEFAULT_GENERATOR, EDGE_DISCRIMINATOR, EDGE_GENERATOR, generatorConfigFor, normalizationFor,
  type DiscriminatorConfig, type GeneratorConfig,
} from '../network/config.js';
export { countParams, disposeParams, type ParamMap } from '../network/params.js';
export { discriminatorLoss, generatorLoss, sigmoidCrossEntropy, type DiscriminatorLoss, type GeneratorLoss } from './losses.js';
export { createTrainer, PAPER_TRAINING, type StepLosses, type Trainer, type TrainOptions } from './train-step.js';
export { jitter } from './augment.js';
export { trainingBatch } from './batch.js';
export { drawHintPatches, drawRecolours, HINT_STOP, hintChannels, hintCount, RECOLOUR_CHROMA, RECOLOUR_REACH, RECOLOUR_TONE, recolourTarget, type HintPatch, type Recolour } from './hint-simulation.js';
export { loadCheckpoint, saveCheckpoint, type TrainingState } from './checkpoint.js';
export {
  fromSingleFile, loadModel, saveModel, toSingleFile,
  type LoadedArtifacts, type Pix2PixModel, type SaveOptions, type SingleFileModel, type WeightDtype,
} from '../inference/weights.js';
export { colorizeWith } from '../inference/colorize.js';
export { fastGenerator, type FastGenerator } from '../inference/fast-inference.js';
export { registerWasmTrainingKernels } from './wasm-kernels.js';
export { seededRandom } from '../rng.js';
export { tileSheet, toGrey } from '../photo/sheet.js';
export { resizeRgba } from '../photo/image.js';
export {
  createTrainingSession, fineTuneRecipe, NEW_MODEL_RECIPE,
  type KeptStep, type Recipe, type RunOptions, type SessionCallbacks, type SessionOptions, type SessionPhoto, type SessionStart, type TrainingSession,
} from './session.js';
export {
  keeps, splitForJudging, STRIPS_BELOW, WORLD_MAX_LOSS_DB, WORLD_MIN_COLOURFULNESS, worldAllows, worldViews,
  type HeldOutScores, type JudgeView, type PersonSplit, type Verdict,
} from './judge.js';
export { centreSquare, heldOutKeys, photoKey } from './photos.js';
