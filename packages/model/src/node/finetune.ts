/**
 * The studio's default fine-tune, from Node: the shipped model (or another) fine-tuned on a
 * person's photos with fineTuneRecipe through the one training session, and what it kept.
 */
import { Colorizer } from '../inference/colorize.js';
import type { StepLosses } from '../training/train-step.js';
import { createTrainingSession, type HeldOutScores, type Recipe, type SessionPhoto } from '../training/session.js';
import { loadModel, type Pix2PixModel } from '../inference/weights.js';
import { DEFAULT_MODEL_DIR } from './paths.js';

export interface FineTuneResult {
  /** The kept model (best on the held-out photos): the caller saves it and disposes it. */
  model: Pix2PixModel;
  recipe: Recipe;
  steps: number;
  /** Training time in seconds, photo preparation included. */
  seconds: number;
  photos: { train: number; heldOut: number };
  before: HeldOutScores;
  best: { step: number; scores: HeldOutScores };
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
    onScore?(step: number, scores: HeldOutScores, kept: number): void;
  } = {},
): Promise<FineTuneResult> {
  const t = performance.now();
  const { model } = await loadModel(`file://${options.modelDir ?? DEFAULT_MODEL_DIR}`);
  const session = await createTrainingSession({ start: { kind: 'fine-tune', model }, photos, recipe: options.recipe, seed: options.seed });
  try {
    await session.run({ onStep: (p) => options.onStep?.(p.step, p.total, p.losses), onPreview: (p) => options.onScore?.(p.step, p.scores, p.best.step) }, { maxMs: options.maxMs });
    return {
      model: session.bestModel(), recipe: { ...session.recipe }, steps: session.step, seconds: (performance.now() - t) / 1000,
      photos: { train: session.photos.train, heldOut: session.photos.heldOut }, before: session.before, best: session.best,
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
