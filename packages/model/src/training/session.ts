/**
 * The one training session: build a new model or take a loaded one to fine-tune (or resume a
 * checkpoint), prepare the photos, run the step loop, score held-out photos, keep the best
 * weights, checkpoint. The command line and the studio's Web Worker plug in through callbacks
 * (as tfjs-layers' callbacks do) and only read files or IndexedDB and draw progress.
 */
import * as tf from '@tensorflow/tfjs-core';
import { pairBatch } from './batch.js';
import { loadCheckpoint, saveCheckpoint, type TrainingState } from './checkpoint.js';
import { colorizeWith } from '../inference/colorize.js';
import { EDGE_DISCRIMINATOR, generatorConfigFor, normalizationFor, type DiscriminatorConfig, type GeneratorConfig } from '../network/config.js';
import { assert, ColorizeError } from '../errors.js';
import { fastGenerator } from '../inference/fast-inference.js';
import type { RgbaImage } from '../photo/image.js';
import { meanCiede2000 } from '../metrics/ciede2000.js';
import { colourfulness } from '../metrics/colourfulness.js';
import { psnr } from '../metrics/psnr.js';
import type { ParamMap } from '../network/params.js';
import { createDiscriminator } from '../network/patchgan.js';
import { seededRandom } from '../rng.js';
import { toGrey } from '../photo/sheet.js';
import { resizeRgba } from '../photo/image.js';
import { createTrainer, type StepLosses } from './train-step.js';
import { createGenerator } from '../network/unet.js';
import type { ModelMetadata, NamedTensor, Pix2PixModel, WeightsSource } from '../inference/weights.js';
import { atMost, centreSquare, cropRgba, heldOutKeys, photoKey, randomCrop, splitPhoto } from './photos.js';

/** A colour photo the model learns from, at any size (the session crops and resizes it). */
export interface SessionPhoto {
  name: string;
  image: RgbaImage;
}

/** How a session trains. */
export interface Recipe {
  /** The square the model trains at (a fine-tune keeps its model's). */
  size: number;
  /** Crops per step. */
  batch: number;
  learningRate: number;
  /** Weight of the L1 term against the GAN term. */
  lambda: number;
  /** Steps in all, counted from the model's first. */
  steps: number;
  /** Keep BatchNorm's running statistics of a 'moving' model as they are (see TrainOptions). */
  freezeStatistics: boolean;
  /** Crop sides as fractions of a photo's shorter side: from details to the whole scene. */
  cropScales: [number, number];
  /** Fraction of source photos held out to judge by (with one photo: a third of it). */
  heldOut: number;
  /** Steps between scorings on the held-out photos (each may become the kept best). */
  evaluateEvery: number;
  /** D-only steps before the first step, for a critic that starts fresh (a model shipped without one). */
  criticSteps: number;
}

/** A new model: the paper's settings at the shipped width. */
export const NEW_MODEL_RECIPE: Recipe = {
  size: 256, batch: 1, learningRate: 2e-4, lambda: 100, steps: 300, freezeStatistics: false, cropScales: [0.5, 1], heldOut: 0.2, evaluateEvery: 25, criticSteps: 0,
};

/**
 * The fine-tuning recipe for `photos` photos, chosen by `npm run bench:finetune` (its figures
 * are in the README's "Fine-tuning on your own photos").
 */
export function fineTuneRecipe(photos: number): Recipe {
  return {
    ...NEW_MODEL_RECIPE,
    learningRate: 5e-5,
    freezeStatistics: true,
    heldOut: 1 / 3,
    steps: Math.min(150, 60 + 15 * photos),
    evaluateEvery: 10,
  };
}

/** How a model does on the held-out photos: PSNR and mean CIEDE2000 against them, and its colourfulness as a fraction of theirs. */
export interface HeldOutScores {
  psnr: number;
  ciede2000: number;
  colourfulness: number;
  /** Each held-out view's colourfulness as the model colours it (Hasler and Suesstrunk's M). */
  views: number[];
}

/** Where a session starts. */
export type SessionStart =
  /** A loaded model (loadModel), generator and maybe its discriminator; the session owns it from now on. */
  | { kind: 'fine-tune'; model: Pix2PixModel }
  /** A new model; with `hints`, one that takes colour hints (trained on simulated ones, hint-simulation.ts). */
  | { kind: 'new'; size: number; ngf: number; hints?: boolean }
  /** A checkpoint that TrainingSession.save wrote. */
  | { kind: 'resume'; checkpoint: WeightsSource };

/** What the caller hears while a session runs. */
export interface SessionCallbacks {
  onStep?(p: { step: number; total: number; losses: StepLosses; stepsPerSecond: number }): void | Promise<void>;
  /** At the run's start, after each scoring: the held-out photos as the model colours them now. */
  onPreview?(p: { step: number; images: RgbaImage[]; scores: HeldOutScores; best: { step: number; scores: HeldOutScores } }): void | Promise<void>;
  /** Time to save a checkpoint (TrainingSession.save), every checkpointEveryMs and at the end. */
  onCheckpoint?(step: number): void | Promise<void>;
  /** While a fresh critic learns before the first step (recipe.criticSteps). */
  onCritic?(done: number, total: number): void | Promise<void>;
  /** Asked between steps: true stops the run after the step that is running. */
  shouldStop?(): boolean;
}

export interface RunOptions {
  /** Also score and preview when this long has passed since the last preview (default: only every evaluateEvery steps). */
  previewEveryMs?: number;
  checkpointEveryMs?: number;
  /** Stop after this much training (a time budget). */
  maxMs?: number;
}

export interface TrainingSession {
  readonly step: number;
  readonly recipe: Readonly<Recipe>;
  /** Whether the model takes colour hints (its generator's `config.hints`): a new one made with them, or one that had them. */
  readonly hints: boolean;
  /**
   * Photos to learn from and photos held out (their names; a single photo is named and judged
   * by a third of it), after preparation; `judged` is false when nothing was held out.
   */
  readonly photos: { train: number; heldOut: number; heldOutNames: readonly string[]; judged: boolean };
  /** The held-out squares (training photos when nothing was held out): grey as the model sees them, and the truth. */
  readonly heldOut: readonly { grey: RgbaImage; truth: RgbaImage }[];
  /** The starting model on the held-out photos. */
  readonly before: HeldOutScores;
  /** The kept weights: the best so far on the held-out photos, never worse than the start. */
  readonly best: { step: number; scores: HeldOutScores };
  /**
   * Train until the recipe's steps, the time budget, or shouldStop.
   * @returns 'done' when the steps are all taken, else 'stopped'.
   */
  run(callbacks?: SessionCallbacks, options?: RunOptions): Promise<'done' | 'stopped'>;
  /** Change the recipe between runs (steps, learning rate, lambda, batch…; not the size). */
  update(recipe: Partial<Recipe>): Promise<void>;
  /** A resumable checkpoint, with the kept best weights and the scores. */
  save(destination: WeightsSource): Promise<void>;
  /**
   * The kept best generator as a model of its own, for the caller to save or use (and dispose);
   * with `critic`, a copy of the discriminator too (to ship beside it for later fine-tunes).
   */
  bestModel(options?: { critic?: boolean }): Pix2PixModel;
  dispose(): void;
}

export interface SessionOptions {
  start: SessionStart;
  photos: readonly SessionPhoto[];
  /** Overrides of the default recipe (fineTuneRecipe for a fine-tune, else NEW_MODEL_RECIPE). */
  recipe?: Partial<Recipe>;
  seed?: number;
  /** Called as each photo is prepared. */
  onPrepare?(done: number, total: number): void | Promise<void>;
}

const BEST = 'best/';
/**
 * Held-out views scored at each scoring, about 0.1 s each at 256: three of each photo while they
 * fit, else one of each. At most this many photos are held out; more go to training.
 */
const MAX_VIEWS = 9;
const MAX_HELD_OUT_PHOTOS = 12;
/** A photo this grey has no colour to learn from (Hasler and Suesstrunk's scale: 15 is "slightly colourful"). */
const MIN_COLOURFULNESS = 3;

const later = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

interface SessionInfo {
  recipe: Recipe;
  /** Whether the critic has had its warm-up (or came trained). */
  criticReady: boolean;
  /** Whether the start was a trained model, which the kept one must not fall behind (a new one starts from noise). */
  fromTrained: boolean;
  before: HeldOutScores;
  best: { step: number; scores: HeldOutScores };
  seed: number;
}

async function prepare(photos: readonly SessionPhoto[], recipe: Recipe, onPrepare: SessionOptions['onPrepare']) {
  assert(photos.length > 0, 'invalid_option', () => 'There are no photos to learn from.');
  const keys = new Set(photos.map((p) => photoKey(p.name)));
  const held = keys.size >= 2 ? new Set([...(await heldOutKeys(photos.map((p) => p.name), recipe.heldOut))].slice(0, MAX_HELD_OUT_PHOTOS)) : new Set<string>();
  const heldPhotos = photos.filter((p) => held.has(photoKey(p.name))).length;
  const viewsEach = keys.size === 1 || heldPhotos * 3 <= MAX_VIEWS ? 3 : 1;
  const train: RgbaImage[] = [];
  const heldOut: { grey: RgbaImage; truth: RgbaImage }[] = [];
  const heldOutNames: string[] = [];
  // Each held-out photo is judged whole and in two half-scale views: the scales crops train at.
  const judge = (image: RgbaImage) => {
    const half = Math.floor(Math.min(image.width, image.height) / 2);
    const views = [centreSquare(image, recipe.size)];
    if (viewsEach === 3 && half >= recipe.size / 2) {
      views.push(resizeRgba(cropRgba(image, 0, 0, half, half), recipe.size, recipe.size));
      views.push(resizeRgba(cropRgba(image, image.width - half, image.height - half, half, half), recipe.size, recipe.size));
    }
    for (const truth of views) heldOut.push({ grey: toGrey(truth), truth });
  };
  // Photos much larger than the model's square only cost memory: crops still reach 1/3 of them.
  const sized = (image: RgbaImage) => atMost(image, 3 * recipe.size);
  for (const [i, photo] of photos.entries()) {
    await onPrepare?.(i + 1, photos.length);
    await later(); // let the page hear about it
    const image = sized(photo.image);
    if (keys.size === 1) {
      heldOutNames.push(photo.name);
      // The third to judge by is the one most like the whole photo in colour: a strip of
      // plain wall or sky would judge nothing.
      const whole = colourfulness(image);
      const [parts] = (['left', 'right', 'top', 'bottom'] as const)
        .map((side) => splitPhoto(image, 2 / 3, side))
        .map((split) => ({ ...split, off: Math.abs(colourfulness(split.heldOut) - whole) }))
        .sort((a, b) => a.off - b.off);
      train.push(parts!.train);
      judge(parts!.heldOut);
    } else if (held.has(photoKey(photo.name))) {
      heldOutNames.push(photo.name);
      judge(image);
    } else {
      train.push(image);
    }
  }
  assert(train.length > 0, 'invalid_option', () => 'Every photo was held out: there is nothing left to learn from.');
  if (train.every((p) => colourfulness(p) < MIN_COLOURFULNESS)) {
    throw new ColorizeError('invalid_image', 'These photos have no colour to learn from: give it colour photos of the scenes or people in your black-and-white ones.');
  }
  // Nothing held out (asked for, with two photos or more): previews show training photos, and the latest weights are kept.
  const judged = heldOut.length > 0;
  if (!judged) train.slice(0, 4).forEach(judge);
  return { train, heldOut, heldOutNames: judged ? heldOutNames : [], judged };
}

/**
 * The share of the start's colourfulness a kept model must keep on every held-out view. The goal
 * on photos it never saw is 90 %, but a few held-out views follow those photos badly (measured
 * with npm run bench:finetune: a mean that rose from 86 to 89 % came with unseen photos falling
 * from 140 to 100 %, and 90 % in every view still let them fall to 82-84 %): so no view duller.
 */
export const KEEP_COLOURFULNESS = 1;

/**
 * How much better in PSNR (dB) than a trained start a fine-tune must be on the held-out photos to
 * be kept. A few held-out photos make a noisy judge: measured with npm run bench:finetune
 * (endless-sky-data, 3 held-out photos), a step 0.33 dB better on them was 1.74 dB worse on the
 * 31 photos scored after; the gains that held up were 1.9 dB and more.
 */
export const KEEP_MARGIN_DB = 0.5;

/**
 * Whether held-out scores earn a place as the kept model: better than the best so far in PSNR
 * and, when the start was a trained model (`start`), better than it by KEEP_MARGIN_DB, no worse
 * than it in colour error, no less colourful on average, and keeping KEEP_COLOURFULNESS of its
 * colourfulness on every held-out view. Even where the start is more colourful than the held-out
 * photos, a duller model is not kept: measured on a family album, a fine-tune that toned down its
 * held-out photos also toned down the album's others, which the start had made too grey (npm run
 * bench:finetune, kphotoalbum). A new model starts from noise, whose random colours set no standard.
 */
export function beatsBest(scores: HeldOutScores, best: HeldOutScores, start?: HeldOutScores): boolean {
  if (scores.psnr <= best.psnr) return false;
  if (!start) return true;
  return scores.psnr >= start.psnr + KEEP_MARGIN_DB && scores.ciede2000 <= start.ciede2000 && scores.colourfulness >= start.colourfulness
    && start.views.every((c, i) => (scores.views[i] ?? 0) >= KEEP_COLOURFULNESS * c);
}

function cloneParams(params: ParamMap): Map<string, tf.Tensor> {
  return new Map([...params].map(([name, v]) => [name, tf.clone(v)]));
}

/**
 * Start a training session.
 *
 * @throws ColorizeError `invalid_option` with no photos or a recipe that does not fit the model;
 *   `invalid_image` when no photo has colour; what loadCheckpoint throws for a bad checkpoint.
 */
export async function createTrainingSession(options: SessionOptions): Promise<TrainingSession> {
  const { start } = options;
  let seed = options.seed ?? 0;
  let made: TrainingState | undefined;
  let info: Partial<SessionInfo> = {};
  let bestWeights: Map<string, tf.Tensor> | undefined;
  let recipe: Recipe;
  let criticReady = true;
  let fromTrained = start.kind === 'fine-tune';
  let prepared: Awaited<ReturnType<typeof prepare>>;

  // What the session owns (a fine-tune's model included) is freed if setting up fails.
  try {
    if (start.kind === 'resume') {
      const loaded = await loadCheckpoint(start.checkpoint, {}, (name) => name.startsWith(BEST));
      made = { model: loaded.model, trainer: loaded.trainer };
      if (Object.keys(loaded.extra).length) bestWeights = new Map(Object.entries(loaded.extra).map(([n, t]) => [n.slice(BEST.length), t]));
      info = (loaded.model.metadata.session ?? {}) as Partial<SessionInfo>;
      recipe = { ...(info.recipe ?? NEW_MODEL_RECIPE), ...options.recipe };
      criticReady = info.criticReady ?? true;
      fromTrained = info.fromTrained ?? true;
      seed = info.seed ?? seed; // the same crops and dropout as the run it continues
    } else if (start.kind === 'fine-tune') {
      const { generator } = start.model;
      recipe = { ...fineTuneRecipe(options.photos.length), size: generator.config.size, ...options.recipe };
      criticReady = start.model.discriminator !== undefined;
      const discriminator = start.model.discriminator
        ?? createDiscriminator(criticFor(generator.config), seed + 1);
      const metadata: ModelMetadata = { ...start.model.metadata, id: `${start.model.metadata.id}-fine-tuned`, version: new Date().toISOString().slice(0, 10), fineTunedFrom: `${start.model.metadata.id}@${start.model.metadata.version}` };
      made = { model: { generator, discriminator, metadata }, trainer: createTrainer(generator, discriminator, trainOptions(recipe, seed, generator)) };
    } else {
      recipe = { ...NEW_MODEL_RECIPE, size: start.size, ...options.recipe };
      const generator = createGenerator({ ...generatorConfigFor(start.size, start.ngf, start.hints), normalization: normalizationFor(recipe.batch) }, seed);
      const discriminator = createDiscriminator(criticFor(generator.config), seed + 1);
      made = { model: { generator, discriminator, metadata: { id: 'colorize-pix2pix', version: new Date().toISOString().slice(0, 10) } }, trainer: createTrainer(generator, discriminator, trainOptions(recipe, seed, generator)) };
    }
    const size = made.model.generator.config.size;
    assert(recipe.size === size, 'invalid_option', () => `This model trains at ${size}x${size}, not ${recipe.size}.`);
    if (start.kind === 'resume') await retrain(made, recipe, seed);
    prepared = await prepare(options.photos, recipe, options.onPrepare);
  } catch (e) {
    if (made) disposeState(made);
    else if (start.kind === 'fine-tune') [start.model.generator, start.model.discriminator].forEach((n) => n?.params.forEach((v) => v.dispose()));
    bestWeights?.forEach((t) => t.dispose());
    throw e;
  }
  const state: TrainingState = made;
  const { generator } = state.model;
  const { train, heldOut, heldOutNames, judged } = prepared;
  const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
  // The truths never change: their colourfulness is measured once, not at every scoring.
  const truthColourfulness = mean(heldOut.map((h) => colourfulness(h.truth)));

  async function score(): Promise<{ scores: HeldOutScores; images: RgbaImage[] }> {
    const fast = fastGenerator(generator);
    try {
      const images: RgbaImage[] = [];
      for (const { grey } of heldOut) images.push(await colorizeWith(fast, grey));
      const views = images.map((im) => colourfulness(im));
      return {
        images,
        scores: {
          psnr: mean(images.map((im, i) => psnr(im, heldOut[i]!.truth))),
          ciede2000: mean(images.map((im, i) => meanCiede2000(im, heldOut[i]!.truth))),
          // A ratio of means: one plain grey view (a wall) would swamp a mean of ratios.
          colourfulness: mean(views) / Math.max(1e-6, truthColourfulness),
          views,
        },
      };
    } finally {
      fast.dispose();
    }
  }

  const before = info.before ?? (await score()).scores;
  let best = info.best ?? { step: state.trainer.steps, scores: before };
  bestWeights ??= cloneParams(generator.params);

  const isBetter = (s: HeldOutScores) => !judged || beatsBest(s, best.scores, fromTrained ? before : undefined);

  async function evaluate(callbacks: SessionCallbacks): Promise<void> {
    const { scores, images } = await score();
    if (isBetter(scores)) {
      bestWeights?.forEach((t) => t.dispose());
      bestWeights = cloneParams(generator.params);
      best = { step: state.trainer.steps, scores };
    }
    await callbacks.onPreview?.({ step: state.trainer.steps, images, scores, best });
  }

  let running = false;
  const session: TrainingSession = {
    get step() {
      return state.trainer.steps;
    },
    get recipe() {
      return recipe;
    },
    hints: generator.config.hints,
    photos: { train: train.length, heldOut: heldOutNames.length, heldOutNames, judged },
    heldOut,
    before,
    get best() {
      return best;
    },

    async run(callbacks = {}, runOptions = {}) {
      assert(!running, 'invalid_option', () => 'The session is already running.');
      running = true;
      try {
        const { trainer } = state;
        const random = seededRandom(seed + trainer.steps + 1);
        const started = performance.now();
        let lastPreview = started;
        let lastCheckpoint = started;
        let rateFrom = { t: started, step: trainer.steps };
        let rate = 0;
        await evaluate(callbacks);
        let scoredAt = trainer.steps;
        // A hints model (new, fine-tuned or resumed: its config says) trains on simulated hints.
        const crops = () => Array.from({ length: recipe.batch }, () => randomCrop(train[Math.floor(random() * train.length)]!, recipe.size, recipe.cropScales, random));
        const batch = () => pairBatch(crops(), recipe.size, random, generator.config.hints);
        for (let i = 0; !criticReady && i < recipe.criticSteps && !callbacks.shouldStop?.(); i++) {
          const { input, target } = batch();
          await trainer.stepCritic(input, target).finally(() => tf.dispose([input, target]));
          await callbacks.onCritic?.(i + 1, recipe.criticSteps);
          await later();
          if (i + 1 === recipe.criticSteps) criticReady = true;
        }
        criticReady ||= recipe.criticSteps === 0;
        while (trainer.steps < recipe.steps && !callbacks.shouldStop?.() && performance.now() - started < (runOptions.maxMs ?? Infinity)) {
          const { input, target } = batch();
          const losses = await trainer.step(input, target).finally(() => tf.dispose([input, target]));
          const now = performance.now();
          if (now - rateFrom.t > 1000 || rate === 0) {
            rate = (trainer.steps - rateFrom.step) / ((now - rateFrom.t) / 1000);
            rateFrom = { t: now, step: trainer.steps };
          }
          await callbacks.onStep?.({ step: trainer.steps, total: recipe.steps, losses, stepsPerSecond: rate });
          if (trainer.steps % recipe.evaluateEvery === 0 || now - lastPreview >= (runOptions.previewEveryMs ?? Infinity)) {
            await evaluate(callbacks);
            scoredAt = trainer.steps;
            lastPreview = performance.now();
          }
          if (now - lastCheckpoint >= (runOptions.checkpointEveryMs ?? Infinity)) {
            await callbacks.onCheckpoint?.(trainer.steps);
            lastCheckpoint = performance.now();
          }
          await later(); // let pause and stop requests in
        }
        if (scoredAt !== trainer.steps) await evaluate(callbacks);
        await callbacks.onCheckpoint?.(trainer.steps);
        return trainer.steps >= recipe.steps ? 'done' : 'stopped';
      } finally {
        running = false;
      }
    },

    async update(changes) {
      assert(!running, 'invalid_option', () => 'Pause before changing the settings.');
      assert(changes.size === undefined || changes.size === recipe.size, 'invalid_option', () => `This model trains at ${recipe.size}x${recipe.size}; a new size needs a new model.`);
      const next = { ...recipe, ...changes };
      const trainerChanged = next.learningRate !== recipe.learningRate || next.lambda !== recipe.lambda || next.freezeStatistics !== recipe.freezeStatistics;
      // The trainer refuses bad settings (a learning rate of 0) before the recipe says them.
      if (trainerChanged) await retrain(state, next, seed);
      recipe = next;
    },

    async save(destination) {
      const sessionInfo: SessionInfo = { recipe, criticReady, fromTrained, before, best, seed };
      state.model.metadata = { ...state.model.metadata, session: sessionInfo };
      const extra: NamedTensor[] = [...bestWeights!].map(([name, tensor]) => ({ name: `${BEST}${name}`, tensor }));
      await saveCheckpoint(state, destination, extra);
    },

    bestModel({ critic = false } = {}) {
      const initial = Object.fromEntries([...bestWeights!].map(([name, t]) => [name, tf.clone(t)]));
      const { discriminator } = state.model;
      const criticCopy = critic
        ? createDiscriminator(discriminator.config, 0, Object.fromEntries([...discriminator.params].map(([name, v]) => [name, tf.clone(v)])))
        : undefined;
      // What the kept model carries of its session: the scores, not the recipe or the seed.
      const metadata: ModelMetadata = { ...state.model.metadata, heldOut: { before, best: best.scores, step: best.step } };
      delete metadata.session;
      return { generator: createGenerator(generator.config, 0, initial), ...(criticCopy ? { discriminator: criticCopy } : {}), metadata };
    },

    dispose() {
      disposeState(state);
      bestWeights?.forEach((t) => t.dispose());
      bestWeights = undefined;
    },
  };
  return session;
}

/** A fresh critic for a generator: it sees the generator's input (hints included) and output, at the generator's width. */
function criticFor(config: GeneratorConfig): DiscriminatorConfig {
  return { ...EDGE_DISCRIMINATOR, inChannels: config.inChannels + config.outChannels, ndf: config.ngf };
}

function trainOptions(recipe: Recipe, seed: number, generator: TrainingState['model']['generator']) {
  // Only a 'moving' model uses its running statistics at inference: a 'batch' one trains as it runs.
  const freezeStatistics = recipe.freezeStatistics && generator.config.normalization === 'moving';
  return { learningRate: recipe.learningRate, lambda: recipe.lambda, freezeStatistics, seed };
}

/** A trainer with the recipe's settings that carries on where the old one was: Adam's moments and the step count. */
async function retrain(state: TrainingState, recipe: Recipe, seed: number): Promise<void> {
  const old = state.trainer;
  const fresh = createTrainer(state.model.generator, state.model.discriminator, trainOptions(recipe, seed, state.model.generator));
  const gWeights = await old.generatorOptimizer.getWeights();
  const dWeights = await old.discriminatorOptimizer.getWeights();
  await fresh.generatorOptimizer.setWeights(gWeights);
  await fresh.discriminatorOptimizer.setWeights(dWeights);
  tf.dispose([gWeights[0]!.tensor, dWeights[0]!.tensor]); // getWeights() makes a new iteration scalar
  fresh.steps = old.steps;
  old.dispose();
  state.trainer = fresh;
}

function disposeState(state: TrainingState): void {
  state.trainer.dispose();
  state.model.generator.params.forEach((v) => v.dispose());
  state.model.discriminator.params.forEach((v) => v.dispose());
}
