import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ColorizeError, ERROR_CODES, isColorizeErrorCode, type ColorizeErrorCode } from './errors.js';
import { loadColorizer } from './index.js';
import { evaluate } from './metrics/evaluate.js';
import { ssim } from './metrics/ssim.js';
import './node/index.js';
import { createDiscriminator } from './network/patchgan.js';
import { tileSheet } from './photo/sheet.js';
import { createTrainer } from './training/train-step.js';
import { trainingBatch } from './training/batch.js';
import { createGenerator } from './network/unet.js';
import { saveModel } from './inference/weights.js';

/** The error `run` throws, which must be a ColorizeError with `code`, never a plain Error. */
async function codeOf(run: () => unknown): Promise<ColorizeErrorCode> {
  let caught: unknown;
  try {
    await run();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(ColorizeError);
  expect((caught as Error).message.length).toBeGreaterThan(10);
  return (caught as ColorizeError).code;
}

async function savedModel(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bad-model-'));
  const generator = createGenerator({ ngf: 4, innermostNorm: false }, 1);
  await saveModel({ generator, metadata: { id: 'tiny', version: '0' } }, `file://${dir}`, { dtype: 'uint8' });
  generator.params.forEach((v) => v.dispose());
  return dir;
}

describe('one error vocabulary', () => {
  it('lists each code once, and knows its own codes from strangers', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    expect(isColorizeErrorCode('image_too_large')).toBe(true);
    expect(isColorizeErrorCode('empty_body')).toBe(false);
    expect(isColorizeErrorCode(42)).toBe(false);
  });

  it('a bad model file is invalid_weights or model_unavailable, never a plain Error', async () => {
    const before = tf.memory().numTensors;
    expect(await codeOf(() => loadColorizer(`file://${join(tmpdir(), 'no-such-model')}`))).toBe('model_unavailable');

    const truncated = await savedModel();
    const shard = join(truncated, 'group1-shard1of1.bin');
    await writeFile(shard, (await readFile(shard)).subarray(0, 1000));
    expect(await codeOf(() => loadColorizer(`file://${truncated}`))).toBe('invalid_weights');

    const badSize = await savedModel();
    const json = JSON.parse(await readFile(join(badSize, 'model.json'), 'utf8'));
    json.modelTopology.generator.size = 100;
    await writeFile(join(badSize, 'model.json'), JSON.stringify(json));
    expect(await codeOf(() => loadColorizer(`file://${badSize}`))).toBe('invalid_weights');

    const notJson = await savedModel();
    await writeFile(join(notJson, 'model.json'), '<html>not found</html>');
    expect(await codeOf(() => loadColorizer(`file://${notJson}`))).toBe('model_unavailable');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a bad option or a bad image is invalid_option or invalid_image', async () => {
    expect(await codeOf(() => createGenerator({ size: 100 }))).toBe('invalid_option');
    expect(await codeOf(() => createGenerator({ normalization: 'sometimes' as 'batch' }))).toBe('invalid_option');
    const g = createGenerator({ size: 32, depth: 5, ngf: 2, innermostNorm: false });
    const d = createDiscriminator({ ndf: 2 });
    expect(await codeOf(() => createTrainer(g, d, { learningRate: 0 }))).toBe('invalid_option');
    expect(await codeOf(() => createTrainer(g, createDiscriminator({ ndf: 2, inChannels: 4 })))).toBe('invalid_option');
    expect(await codeOf(() => trainingBatch([], 1, 32, Math.random))).toBe('invalid_option');
    expect(await codeOf(() => tileSheet([], 0, 32))).toBe('invalid_option');
    const tiny = { width: 4, height: 4, data: new Uint8ClampedArray(64) };
    expect(await codeOf(() => ssim(tiny, tiny))).toBe('invalid_image');
    const colorizer = await loadColorizer(`file://${await savedModel()}`);
    expect(await codeOf(() => evaluate(colorizer, []))).toBe('invalid_option');
    expect(await codeOf(() => colorizer.colorize({ width: 2, height: 2, data: new Uint8ClampedArray(3) }))).toBe('invalid_image');
    expect(await codeOf(() => colorizer.colorize(tiny, { saturation: 3 }))).toBe('invalid_option');
    colorizer.dispose();
    [g, d].forEach((n) => n.params.forEach((v) => v.dispose()));
  });
});
