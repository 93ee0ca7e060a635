import type { Hint } from '@colorize/model';
import type { HeldOutScores, KeptStep, Recipe, StepLosses, TrainingSession } from '@colorize/model/training';
import type { ColorizeErrorCode } from '@colorize/model/errors';
import type { BackendPick, BrowserBackend } from './backend';

export type { HeldOutScores, Recipe };

/** What a person may change of the session's recipe; unset means the recipe's own value. */
export type RecipeChoices = Partial<Pick<Recipe, 'steps' | 'learningRate' | 'lambda' | 'batch'>>;

export interface StudioSettings {
  /** The shipped model (fine-tuned at its own 256 x 256), or a new one of `size` and `ngf`. */
  start: 'shipped' | 'new';
  size: number;
  /** Width of a new model (the shipped one is 16). */
  ngf: number;
  /** 'auto': the backend that ran a probe step fastest here; otherwise forced in Advanced. */
  backend: 'auto' | BrowserBackend;
  recipe: RecipeChoices;
}

/** The shipped model with the benchmarked fine-tuning recipe, on the fastest backend. */
export const DEFAULT_SETTINGS: StudioSettings = { start: 'shipped', size: 256, ngf: 16, backend: 'auto', recipe: {} };

/**
 * A new preview (and scoring by both judges) after this much training time, besides the recipe's
 * own: each scoring colours the person's views and the world's 12 photos, a few seconds on wasm,
 * which every 5 s took about a third of the training time.
 */
export const PREVIEW_EVERY_MS = 15_000;
/** A resumable checkpoint after this much training time (and at every pause). */
export const CHECKPOINT_EVERY_MS = 30_000;

/** Where the studio keeps its resumable checkpoint (tfjs's IndexedDB handler). */
export const CHECKPOINT_URL = 'indexeddb://colorize-studio-checkpoint';

/** How the person's photos were held out to judge by (a strip of each, whole photos, none). */
export type RunMode = TrainingSession['photos']['mode'];

/** The kept step: its scores by the person's judge and, on a fine-tune, by the world's. */
export type Best = KeptStep;

/** Where the model tried photos use comes from. */
export type TryModel = 'file' | 'default' | 'run';

export type ToWorker =
  /** Photos at full resolution: the session crops them and picks the held-out ones. */
  | { type: 'init'; settings: StudioSettings; photos: { name: string; image: ImageData }[]; resume: boolean }
  /** Settings edited while paused come with it and apply from this run on. */
  | { type: 'run'; settings: StudioSettings }
  | { type: 'pause' }
  | { type: 'export' }
  /** A model file to try photos with; the worker needs no run for it. */
  | { type: 'import'; file: unknown }
  /** Try photos with the shipped model, or again with the run's kept one. */
  | { type: 'use'; model: 'default' | 'run' }
  /** A photo to watch as training goes (grey or black-and-white): coloured by the kept model at each scoring. */
  | { type: 'watch'; image: ImageData }
  /** A photo to try the model on, with the person's saturation and colour points (in its pixels). */
  | { type: 'colorize'; id: number; image: ImageData; saturation: number; hints: Hint[] }
  /** The page no longer wants colorize `id` (newer settings came, or the photo went): skipped if still queued. */
  | { type: 'cancel'; id: number };

export type FromWorker =
  /** What the worker is doing before it is ready, in plain words. */
  | { type: 'stage'; text: string }
  /**
   * `heldOut`: the photos (by name) it scores on and never trains on; `greys` and `truths`: their
   * squares as the model sees them and in their real colours; `before`: the starting model's scores;
   * `hints`: whether the model takes colour points.
   */
  | {
    type: 'ready'; pick: BackendPick; step: number; resumed: boolean; recipe: Recipe;
    heldOut: string[]; mode: RunMode; greys: ImageData[]; truths: ImageData[]; before: HeldOutScores; worldBefore?: HeldOutScores; best: Best; hints: boolean;
  }
  /** A fresh judge (discriminator) learning alone before the first step. */
  | { type: 'critic'; done: number; total: number }
  | { type: 'progress'; step: number; total: number; losses: StepLosses; stepsPerSecond: number; numTensors: number }
  | { type: 'preview'; step: number; now: ImageData[]; scores: HeldOutScores; best: Best }
  | { type: 'checkpoint'; step: number }
  | { type: 'paused'; step: number }
  /** `best`: the kept step, which Export and Try use. */
  | { type: 'done'; step: number; best: Best }
  | { type: 'exported'; json: string }
  /**
   * The model tried photos use now: a model file, the shipped default, or the run's kept one;
   * `hints`: whether it takes colour points (an older file may not).
   */
  | { type: 'model'; source: TryModel; id: string; version: string; hints: boolean }
  /** The watched photo as the kept model (step `step`) colours it; `before`: as the shipped model does (a fine-tune's start). */
  | { type: 'watched'; step: number; now: ImageData; before?: ImageData }
  | { type: 'colorized'; id: number; image: ImageData }
  /**
   * `code`: from the one error list, when the error carries one; `id`: the colorize request that
   * failed; `about: 'model'`: a model file or the default model failed to load (shown beside Import).
   */
  | { type: 'error'; message: string; code?: ColorizeErrorCode; id?: number; about?: 'model' };
