import type { StepLosses } from '@colorize/model/training';

export interface StudioSettings {
  steps: number;
  learningRate: number;
  lambda: number;
  batch: number;
  /** Image size; 256 continues the shipped model, other sizes train a new model of that size. */
  size: number;
  start: 'shipped' | 'new';
  /** Width of a new model (the shipped one is 16). */
  ngf: number;
  previewEvery: number;
  checkpointEvery: number;
}

export const DEFAULT_SETTINGS: StudioSettings = {
  steps: 300, learningRate: 2e-4, lambda: 100, batch: 1, size: 256, start: 'shipped', ngf: 16, previewEvery: 10, checkpointEvery: 25,
};

/** Where the studio keeps its resumable checkpoint (tfjs's IndexedDB handler). */
export const CHECKPOINT_URL = 'indexeddb://colorize-studio-checkpoint';

export type ToWorker =
  | { type: 'init'; settings: StudioSettings; train: ImageData[]; val: ImageData[]; resume: boolean }
  | { type: 'run' }
  | { type: 'pause' }
  | { type: 'stop' }
  | { type: 'export' }
  | { type: 'import'; file: unknown }
  | { type: 'colorize'; id: number; image: ImageData };

export type FromWorker =
  /** `greys`: the validation photos as the model sees them (L* only); `before`: its predictions before any step. */
  | { type: 'ready'; backend: string; skipped: string[]; step: number; resumed: boolean; greys: ImageData[]; before?: ImageData[] }
  | { type: 'progress'; step: number; total: number; losses: StepLosses; stepsPerSecond: number; numTensors: number }
  | { type: 'preview'; step: number; now: ImageData[]; psnr: number; colourfulness: number }
  | { type: 'checkpoint'; step: number }
  | { type: 'paused'; step: number }
  | { type: 'done'; step: number }
  | { type: 'exported'; json: string }
  | { type: 'imported'; id: string; version: string }
  | { type: 'colorized'; id: number; image: ImageData }
  | { type: 'error'; message: string };
