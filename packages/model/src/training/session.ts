/**
 * The one training session: build a new model or take a loaded one to fine-tune (or resume a
 * checkpoint), prepare the photos, run the step loop, have the judges (judge.ts) score each
 * scoring's step, keep the best weights, checkpoint. The command line and the studio's Web Worker plug in through callbacks
 * (as tfjs-layers' callbacks do) and only read files or IndexedDB and draw progress.
 */
import * as tf from '@tensorflow/tfjs-core';
import { pairBatch } from './batch.js';
import { loadCheckpoint, saveCheckpoint, type TrainingState } from './checkpoint.js';
import { EDGE_DISCRIMINATOR, generatorConfigFor, normalizationFor, type DiscriminatorConfig, type GeneratorConfig } from '../network/config.js';
import { assert } from '../errors.js';
import { fastGenerator } from '../inference/fast-inference.js';
import type { RgbaImage } from '../photo/image.js';
import type { ParamMap } from '../network/params.js';
import { createDiscriminator } from '../network/patchgan.js';
import { seededRandom } from '../rng.js';
import { createTrainer, type StepLosses } from './train-step.js';
import { createGenerator } from '../network/unet.js';
import type { ModelMetadata, NamedTensor, Pix2PixModel, WeightsSource } from '../inference/weights.js';
import { keeps, later, scoreViews, splitForJudging, truthColourfulness, worldViews, type HeldOutScores, type JudgeView, type PersonSplit, type Verdict } from './judge.js';
import { randomCrop } from './photos.js';

export type { HeldOutScores } from './judge.js';

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
  /** Fraction of source photos held out to judge by, from ten photos on (fewer: a third of each; 0: none). */
  heldOut: number;
  /** Steps between scorings on the held-out photos (each may become the kept best). */
  evaluateEvery: number;
  /** D-only steps before the first step, for a critic that starts fresh (a model shipped without one). */
  criticSteps: number;
  /** Pull toward the starting weights (L2-SP; see TrainOptions.anchor). */
  anchor: number;
}

/** A new model: the paper's settings at the shipped width. */
export const NEW_MODEL_RECIPE: Recipe = {
  size: 256, batch: 1, learningRate: 2e-4, lambda: 100, steps: 300, freezeStatistics: false, cropScales: [0.5, 1], heldOut: 0.2, evaluateEvery: 25, criticSteps: 0, anchor: 0,
};

/**
 * The fine-tuning recipe. Its levers were ranked with
 * tools/torch-train/finetune_levers.py and checked with `npm run bench:finetune` (figures in the
 * README's "Fine-tuning on your own photos"): without a pull toward the shipped weights every
 * variant (lambda 300, no GAN term, decoder only, rehearsal of general photos) forgot other
 * photos by 1.7-2.8 dB within 60 steps, turning them garish; an anchor of 3000 kept them within
 * the world's judge's 0.3 dB (1000 did not, 5000 and 10000 learnt less). The steps it kept were
 * 30 to 50, so 60 steps, scored every 10.
 */
export function fineTuneRecipe(): Recipe {
  return {
    ...NEW_MODEL_RECIPE,
    learningRate: 5e-5,
    anchor: 3000,
    freezeStatistics: true,
    heldOut: 1 / 3,
    steps: 60,
    evaluateEvery: 10,
  };
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
  onPreview?(p: { step: number; images: RgbaImage[]; scores: HeldOutScores; world?: HeldOutScores; best: KeptStep }): void | Promise<void>;
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

/** The kept step, with its scores from the person's judge and (where a world set was given) the world's. */
export interface KeptStep {
  step: number;
  scores: HeldOutScores;
  world?: HeldOutScores;
}

export interface TrainingSession {
  readonly step: number;
  readonly recipe: Readonly<Recipe>;
  /** Whether the model takes colour hints (its generator's `config.hints`): a new one made with them, or one that had them. */
  readonly hints: boolean;
  /**
   * Photos to learn from and photos judged by (their names), after preparation: `mode` says
   * how (a strip of every photo, whole photos, or nothing held out); `judged` is false when
   * nothing was held out.
   */
  readonly photos: { train: number; heldOut: number; heldOutNames: readonly string[]; judged: boolean; mode: PersonSplit['mode'] };
  /** The person's judge's squares (training photos when nothing was held out): grey as the model sees them, and the truth. */
  readonly heldOut: readonly JudgeView[];
  /** The starting model by the person's judge. */
  readonly before: HeldOutScores;
  /** The kept weights: the best so far by the person's judge that the world's judge allows, never worse than the start. */
  readonly best: KeptStep;
  /** The world's judge's scores of the start and of the kept step, where a world set was given. */
  readonly world: { before: HeldOutScores; best: HeldOutScores } | undefined;
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
  /**
   * Colour photos from sources neither the model's training nor the person's photos come from
   * (shipped beside the model): the world's judge scores their centre squares at each scoring.
   */
  world?: readonly RgbaImage[];
  /** Called as each photo is prepared. */
  onPrepare?(done: number, total: number): void | Promise<void>;
}

const BEST = 'best/';

interface SessionInfo {
  recipe: Recipe;
  /** Whether the critic has had its warm-up (or came trained). */
  criticReady: boolean;
  /** Whether the start was a trained model, which the kept one must not fall behind (a new one starts from noise). */
  fromTrained: boolean;
  before: Verdict;
  best: { step: number; verdict: Verdict };
  seed: number;
}

/** What a checkpoint holds of its session: today's shape, or the one before the world's judge (the person's scores alone). */
type SavedInfo = Partial<SessionInfo> | (Partial<Omit<SessionInfo, 'before' | 'best'>> & { before?: HeldOutScores; best?: { step: number; scores: HeldOutScores } });

function fromSaved(saved: SavedInfo): Partial<SessionInfo> {
  const { before, best, ...rest } = saved;
  if (!before || !best || 'person' in before) return saved as Partial<SessionInfo>;
  const old = best as { step: number; scores: HeldOutScores };
  return { ...rest, before: { person: before }, best: { step: old.step, verdict: { person: old.scores } } };
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
  let prepared: PersonSplit;

  // What the session owns (a fine-tune's model included) is freed if setting up fails.
  try {
    if (start.kind === 'resume') {
      const loaded = await loadCheckpoint(start.checkpoint, {}, (name) => name.startsWith(BEST));
      made = { model: loaded.model, trainer: loaded.trainer };
      if (Object.keys(loaded.extra).length) bestWeights = new Map(Object.entries(loaded.extra).map(([n, t]) => [n.slice(BEST.length), t]));
      info = fromSaved((loaded.model.metadata.session ?? {}) as SavedInfo);
      // A recipe saved before a setting existed takes that setting's default.
      recipe = { ...NEW_MODEL_RECIPE, ...info.recipe, ...options.recipe };
      criticReady = info.criticReady ?? true;
      fromTrained = info.fromTrained ?? true;
      seed = info.seed ?? seed; // the same crops and dropout as the run it continues
    } else if (start.kind === 'fine-tune') {
      const { generator } = start.model;
      recipe = { ...fineTuneRecipe(), size: generator.config.size, ...options.recipe };
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
    prepared = await splitForJudging(options.photos, recipe.size, recipe.heldOut, options.onPrepare);
  } catch (e) {
    if (made) disposeState(made);
    else if (start.kind === 'fine-tune') [start.model.generator, start.model.discriminator].forEach((n) => n?.params.forEach((v) => v.dispose()));
    bestWeights?.forEach((t) => t.dispose());
    throw e;
  }
  const state: TrainingState = made;
  const { generator } = state.model;
  const { train, views: heldOut, heldOutNames, mode } = prepared;
  const judged = mode !== 'none';
  const world = worldViews(options.world ?? [], recipe.size);
  // The truths never change: their colourfulness is measured once, not at every scoring.
  const personTruth = truthColourfulness(heldOut);
  const worldTruth = truthColourfulness(world);

  async function judge(): Promise<{ verdict: Verdict; images: RgbaImage[] }> {
    const fast = fastGenerator(generator);
    try {
      const person = await scoreViews(fast, heldOut, personTruth);
      const verdict: Verdict = { person: person.scores };
      if (world.length) verdict.world = (await scoreViews(fast, world, worldTruth)).scores;
      return { verdict, images: person.images };
    } finally {
      fast.dispose();
    }
  }

  const before = info.before ?? (await judge()).verdict;
  let best = info.best ?? { step: state.trainer.steps, verdict: before };
  bestWeights ??= cloneParams(generator.params);
  const kept = (): KeptStep => ({ step: best.step, scores: best.verdict.person, ...(best.verdict.world ? { world: best.verdict.world } : {}) });

  async function evaluate(callbacks: SessionCallbacks): Promise<void> {
    const { verdict, images } = await judge();
    // Nothing held out: the latest step is kept.
    if (!judged || keeps(verdict, best.verdict, fromTrained ? before : undefined)) {
      bestWeights?.forEach((t) => t.dispose());
      bestWeights = cloneParams(generator.params);
      best = { step: state.trainer.steps, verdict };
    }
    await callbacks.onPreview?.({ step: state.trainer.steps, images, scores: verdict.person, ...(verdict.world ? { world: verdict.world } : {}), best: kept() });
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
    photos: { train: train.length, heldOut: heldOutNames.length, heldOutNames, judged, mode },
    heldOut,
    before: before.person,
    get best() {
      return kept();
    },
    get world() {
      return before.world && best.verdict.world ? { before: before.world, best: best.verdict.world } : undefined;
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
      const trainerChanged = next.learningRate !== recipe.learningRate || next.lambda !== recipe.lambda || next.freezeStatistics !== recipe.freezeStatistics
        || next.anchor !== recipe.anchor;
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
      const metadata: ModelMetadata = { ...state.model.metadata, heldOut: { before: before.person, best: best.verdict.person, step: best.step, ...(before.world && best.verdict.world ? { world: { before: before.world, best: best.verdict.world } } : {}) } };
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
  return { learningRate: recipe.learningRate, lambda: recipe.lambda, freezeStatistics, seed, anchor: recipe.anchor };
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
