import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatorConfigFor } from '../network/config.js';
import { ColorizeError } from '../errors.js';
import '../node/index.js';
import { toGrey } from '../photo/sheet.js';
import { fixturePhotos } from '../test-fixtures.js';
import { HINT_INPUT_CHANNELS } from '../inference/hints.js';
import { createGenerator } from '../network/unet.js';
import { loadModel, saveModel } from '../inference/weights.js';
import { createTrainingSession, type SessionPhoto } from './session.js';

const photos = async (): Promise<SessionPhoto[]> => (await fixturePhotos()).map(({ name, image }) => ({ name, image }));
/** A small 'moving' model, as the shipped one is, to fine-tune. */
const small = () => ({ generator: createGenerator({ ...generatorConfigFor(32, 4), normalization: 'moving' }, 7), metadata: { id: 'small', version: '0' } });
const movingStats = (g: ReturnType<typeof small>['generator']) =>
  [...g.params].filter(([n]) => n.includes('moving_')).map(([, v]) => Array.from(v.dataSync())).flat();

describe('the training session', () => {
  it('fine-tunes a loaded model: previews at step 0 and every scoring, keeps a best no worse than the start, stops and resumes, leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const start = small();
    const stats = movingStats(start.generator);
    const session = await createTrainingSession({ start: { kind: 'fine-tune', model: start }, photos: await photos(), recipe: { steps: 6, evaluateEvery: 2 } });
    // Few photos: a strip of every one is held out.
    expect(session.photos).toMatchObject({ train: 4, heldOut: 4, judged: true, mode: 'strips' });
    expect(session.photos.heldOutNames).toHaveLength(4);
    expect(session.hints).toBe(false); // a model without hints stays one
    const previews: number[] = [];
    let steps = 0;
    expect(await session.run({ onStep: () => void steps++, onPreview: (p) => void previews.push(p.step), shouldStop: () => steps >= 3 })).toBe('stopped');
    expect(session.step).toBe(3);
    expect(previews).toEqual([0, 2, 3]);
    // Frozen statistics: the fine-tune never moves what a 'moving' model uses at inference.
    expect(movingStats(start.generator)).toEqual(stats);
    expect(session.best.scores.psnr).toBeGreaterThanOrEqual(session.before.psnr);

    const dir = await mkdtemp(join(tmpdir(), 'session-'));
    await session.save(`file://${dir}`);
    const best = session.best;
    session.dispose();
    const resumed = await createTrainingSession({ start: { kind: 'resume', checkpoint: `file://${dir}` }, photos: await photos() });
    expect([resumed.step, resumed.recipe.steps, resumed.best, resumed.before]).toEqual([3, 6, best, session.before]);
    // A setting the trainer refuses leaves the recipe as it was, not half changed.
    await expect(resumed.update({ learningRate: 0 })).rejects.toMatchObject({ code: 'invalid_option' });
    expect(resumed.recipe.learningRate).toBe(session.recipe.learningRate);
    await resumed.update({ learningRate: 1e-5, steps: 5 });
    expect(await resumed.run()).toBe('done');
    expect(resumed.step).toBe(5);
    const kept = resumed.bestModel();
    expect(kept.metadata).toMatchObject({ id: 'small-fine-tuned', fineTunedFrom: 'small@0', heldOut: { step: resumed.best.step } });
    kept.generator.params.forEach((v) => v.dispose());
    resumed.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('trains a new model, whose BatchNorm learns its statistics', async () => {
    const session = await createTrainingSession({ start: { kind: 'new', size: 32, ngf: 4 }, photos: await photos(), recipe: { steps: 2, batch: 2, heldOut: 0 } });
    expect(session.photos).toMatchObject({ heldOut: 0, judged: false });
    expect(await session.run()).toBe('done');
    const kept = session.bestModel();
    expect(kept.generator.config.normalization).toBe('moving');
    expect(session.best.step).toBe(2); // nothing held out: the latest is kept
    kept.generator.params.forEach((v) => v.dispose());
    session.dispose();
  });

  it('keeps a hints model\'s hints: a fine-tune (fresh critic included) and its resume train on simulated hints and save a model that takes them', async () => {
    const before = tf.memory().numTensors;
    const hinted = { generator: createGenerator({ ...generatorConfigFor(32, 4, true), normalization: 'moving' }, 7), metadata: { id: 'hinted', version: '0' } };
    const session = await createTrainingSession({ start: { kind: 'fine-tune', model: hinted }, photos: await photos(), recipe: { steps: 2, evaluateEvery: 2, criticSteps: 1 } });
    expect(session.hints).toBe(true);
    expect(await session.run()).toBe('done');
    const dir = await mkdtemp(join(tmpdir(), 'session-hints-'));
    await session.save(`file://${dir}/checkpoint`);
    const kept = session.bestModel({ critic: true });
    session.dispose();
    expect(kept.discriminator!.config.inChannels).toBe(HINT_INPUT_CHANNELS + 2);
    await saveModel(kept, `file://${dir}/model`, { dtype: 'uint8', includeDiscriminator: true });
    [kept.generator, kept.discriminator!].forEach((n) => n.params.forEach((v) => v.dispose()));
    const { model } = await loadModel(`file://${dir}/model`);
    expect(model.generator.config).toMatchObject({ hints: true, inChannels: HINT_INPUT_CHANNELS });
    [model.generator, model.discriminator!].forEach((n) => n.params.forEach((v) => v.dispose()));

    const resumed = await createTrainingSession({ start: { kind: 'resume', checkpoint: `file://${dir}/checkpoint` }, photos: await photos() });
    expect(resumed.hints).toBe(true);
    await resumed.update({ steps: 3 });
    expect(await resumed.run()).toBe('done');
    const again = resumed.bestModel();
    expect(again.generator.config.hints).toBe(true);
    again.generator.params.forEach((v) => v.dispose());
    resumed.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('makes a new model that takes hints when asked, with a critic that sees them', async () => {
    const session = await createTrainingSession({ start: { kind: 'new', size: 32, ngf: 4, hints: true }, photos: await photos(), recipe: { steps: 1, heldOut: 0 } });
    expect(session.hints).toBe(true);
    expect(await session.run()).toBe('done');
    const kept = session.bestModel({ critic: true });
    expect(kept.generator.config).toMatchObject({ hints: true, inChannels: HINT_INPUT_CHANNELS });
    expect(kept.discriminator!.config.inChannels).toBe(HINT_INPUT_CHANNELS + 2);
    [kept.generator, kept.discriminator!].forEach((n) => n.params.forEach((v) => v.dispose()));
    session.dispose();
  });

  it('with one photo, learns from two thirds of it and judges by the rest', async () => {
    const [one] = await photos();
    const session = await createTrainingSession({ start: { kind: 'fine-tune', model: small() }, photos: [one!], recipe: { steps: 1 } });
    expect(session.photos).toEqual({ train: 1, heldOut: 1, heldOutNames: [one!.name], judged: true, mode: 'strips' });
    expect(session.heldOut[0]!.truth.width).toBe(32);
    session.dispose();
  });

  it('refuses no photos and grey photos with a clear error, and frees the model it was given', async () => {
    const before = tf.memory().numTensors;
    const grey = (await photos()).map((p) => ({ ...p, image: toGrey(p.image) }));
    for (const [list, code, words] of [[[], 'invalid_option', /no photos/], [grey, 'invalid_image', /no colour/]] as const) {
      const e = await createTrainingSession({ start: { kind: 'fine-tune', model: small() }, photos: list }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(ColorizeError);
      expect(e).toMatchObject({ code, message: expect.stringMatching(words) });
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
