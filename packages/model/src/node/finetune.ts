/**
 * The studio's default fine-tune, from Node: the shipped model (or another) fine-tuned on a
 * person's photos with fineTuneRecipe through the one training session, and what it kept.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Colorizer } from '../inference/colorize.js';
import { loadModel, type Pix2PixModel } from '../inference/weights.js';
import type { RgbaImage } from '../photo/image.js';
import type { StepLosses } from '../training/train-step.js';
import { createTrainingSession, type HeldOutScores, type KeptStep, type Recipe, type SessionPhoto, type TrainingSession } from '../training/session.js';
import { loadFolder } from './dataset.js';
import { DEFAULT_MODEL_DIR } from './paths.js';

/**
 * The world's judge's photos for a model folder (listed in world/index.json): its own world/
 * where it has one, else the shipped model's (models/default/world: see its README).
 */
export async function worldPhotos(modelDir: string = DEFAULT_MODEL_DIR): Promise<RgbaImage[]> {
  const dir = existsSync(join(modelDir, 'world')) ? join(modelDir, 'world') : join(DEFAULT_MODEL_DIR, 'world');
  // index.json lists them, for browsers too (the studio fetches the same list).
  const files = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as string[];
  const loaded = await loadFolder(dir, files, (file, e) => {
    throw new Error(`${join(dir, file)}: ${e.message}`);
  });
  return loaded.map((p) => p.image);
}

export interface FineTuneResult {
  /** The kept model (best on the held-out photos): the caller saves it and disposes it. */
  model: Pix2PixModel;
  recipe: Recipe;
  steps: number;
  /** Training time in seconds, photo preparation included. */
  seconds: number;
  photos: TrainingSession['photos'];
  /** The start and the kept step by the person's judge (and the world's: `best.world`, `world.before`). */
  before: HeldOutScores;
  best: KeptStep;
  world: TrainingSession['world'];
}

/**
 * @param photos Colour photos (names group crops of one photo, see photoKey).
 * @param options `modelDir` (default: the shipped model), recipe overrides, a time budget.
 * @throws ColorizeError `model_unavailable` / `invalid_weights` for the model folder; what
 *   createTrainingSession throws for the photos.
 */
export async function fineTune(
  photos: readonly SessionPhoto[],
  options: {
    modelDir?: string; recipe?: Partial<Recipe>; maxMs?: number; seed?: number;
    onStep?(step: number, total: number, losses: StepLosses): void;
    onScore?(step: number, scores: HeldOutScores, world: HeldOutScores | undefined, kept: number): void;
  } = {},
): Promise<FineTuneResult> {
  const t = performance.now();
  const { model } = await loadModel(`file://${options.modelDir ?? DEFAULT_MODEL_DIR}`);
  const world = await worldPhotos(options.modelDir);
  const session = await createTrainingSession({ start: { kind: 'fine-tune', model }, photos, world, recipe: options.recipe, seed: options.seed });
  try {
    await session.run({ onStep: (p) => options.onStep?.(p.step, p.total, p.losses), onPreview: (p) => options.onScore?.(p.step, p.scores, p.world, p.best.step) }, { maxMs: options.maxMs });
    return {
      model: session.bestModel(), recipe: { ...session.recipe }, steps: session.step, seconds: (performance.now() - t) / 1000,
      photos: session.photos, before: session.before, best: session.best, world: session.world,
    };
  } finally {
    session.dispose();
  }
}

/** A kept model, ready to colorize (it takes the generator over). */
export function colorizerOf(model: Pix2PixModel): Colorizer {
  model.discriminator?.params.forEach((v) => v.dispose());
  return new Colorizer(model.generator, model.metadata);
}
