import type { StepLosses } from '@colorize/model/training';
import type { BackendPick, BrowserBackend } from './backend';

export interface StudioSettings {
  /** The step to train up to. */
  steps: number;
  learningRate: number;
  lambda: number;
  batch: number;
  /** Image size; 256 continues the shipped model, other sizes train a new model of that size. */
  size: number;
  start: 'shipped' | 'new';
  /** Width of a new model (the shipped one is 16). */
  ngf: number;
  /** 'auto': the backend that ran a probe step fastest here; otherwise forced in Advanced. */
  backend: 'auto' | BrowserBackend;
}

/** The shipped model at its own size, with the paper's recipe. */
export const DEFAULT_SETTINGS: StudioSettings = {
  steps: 300, learningRate: 2e-4, lambda: 100, batch: 1, size: 256, start: 'shipped', ngf: 16, backend: 'auto',
};

/** Settings that shape the model or its backend: fixed once a run is prepared. */
export const FIXED_WHEN_PREPARED = ['start', 'size', 'ngf', 'backend'] as const satisfies readonly (keyof StudioSettings)[];

/** A new preview after this much training time (and at step 0 and at the end). */
export const PREVIEW_EVERY_MS = 5_000;
/** A resumable checkpoint after this much training time (and on every pause). */
export const CHECKPOINT_EVERY_MS = 30_000;

/** Where the studio keeps its resumable checkpoint (tfjs's IndexedDB handler). */
export const CHECKPOINT_URL = 'indexeddb://colorize-studio-checkpoint';

/** The model on the held-out photos, averaged. */
export interface HeldOutScores {
  /** dB, higher is closer to the real colours. */
  psnr: number;
  /** CIEDE2000 colour difference, lower is closer. */
  ciede2000: number;
  colourfulness: number;
}

export type ToWorker =
  | { type: 'init'; settings: StudioSettings; train: ImageData[]; val: ImageData[]; resume: boolean }
  /** Settings edited while paused come with it and apply from this run on. */
  | { type: 'run'; settings: StudioSettings }
  | { type: 'pause' }
  | { type: 'export' }
  | { type: 'import'; file: unknown }
  | { type: 'colorize'; id: number; image: ImageData };

export type FromWorker =
  /** What the worker is doing before it is ready, in plain words. */
  | { type: 'stage'; text: string }
  /** `greys`: the held-out photos as the model sees them (L* only); `before`: its colours and scores before this run. */
  | { type: 'ready'; pick: BackendPick; step: number; resumed: boolean; greys: ImageData[]; before?: { images: ImageData[]; scores: HeldOutScores } }
  | { type: 'progress'; step: number; total: number; losses: StepLosses; stepsPerSecond: number; numTensors: number }
  | { type: 'preview'; step: number; now: ImageData[]; scores: HeldOutScores }
  | { type: 'checkpoint'; step: number }
  | { type: 'paused'; step: number }
  | { type: 'done'; step: number }
  | { type: 'exported'; json: string }
  | { type: 'imported'; id: string; version: string }
  | { type: 'colorized'; id: number; image: ImageData }
  | { type: 'error'; message: string };
