import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, readFile, readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Colorizer } from './colorize.js';
import { ColorizeError } from '../errors.js';
import { loadColorizer } from '../index.js';
import { psnr } from '../metrics/psnr.js';
import '../node/index.js';
import { disposeParams } from '../network/params.js';
import { createDiscriminator } from '../network/patchgan.js';
import { fixturePhotos } from '../test-fixtures.js';
import { createGenerator } from '../network/unet.js';
import { float16Bits, fromSingleFile, loadModel, saveModel, toArtifacts, toSingleFile, type WeightDtype } from './weights.js';

const EDGE = { ngf: 16, innermostNorm: false } as const;
const meta = { id: 'test', version: '1' };

async function dirSize(dir: string): Promise<number> {
  let n = 0;
  for (const f of await readdir(dir)) if (f.endsWith('.bin')) n += (await stat(join(dir, f))).size;
  return n;
}

describe('weights in tfjs\'s model.json + shards format', () => {
  it('round-trips float32 exactly through files, with the discriminator and extra tensors', async () => {
    const g = createGenerator({ ngf: 4, innermostNorm: false }, 3);
    const d = createDiscriminator({ ndf: 4 }, 4);
    const dir = await mkdtemp(join(tmpdir(), 'w-'));
    const extra = [{ name: 'optimizer/iterations', tensor: tf.scalar(42) }];
    await saveModel({ generator: g, discriminator: d, metadata: meta }, `file://${dir}`, { includeDiscriminator: true, extra });
    const { model, extra: back } = await loadModel(`file://${dir}`);
    for (const [name, v] of [...g.params, ...d.params]) {
      const w = (model.generator.params.get(name) ?? model.discriminator!.params.get(name))!;
      expect(tf.max(tf.abs(tf.sub(v, w))).dataSync()[0]).toBe(0);
    }
    expect(back['optimizer/iterations']!.dataSync()[0]).toBe(42);
    expect(model.metadata).toEqual(meta);
    tf.dispose([extra[0]!.tensor, ...Object.values(back)]);
    [g, d, model.generator, model.discriminator!].forEach((n) => disposeParams(n.params));
  });

  it('writes uint8 and float16 with tfjs\'s quantization fields, at 1/4 and 1/2 of the float32 bytes', async () => {
    const g = createGenerator(EDGE, 3);
    const sizes: Record<string, number> = {};
    for (const dtype of ['float32', 'float16', 'uint8'] as WeightDtype[]) {
      const dir = await mkdtemp(join(tmpdir(), `w-${dtype}-`));
      await saveModel({ generator: g, metadata: meta }, `file://${dir}`, { dtype });
      const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
      const spec = json.weightsManifest[0].weights[0];
      if (dtype === 'float32') expect(spec.quantization).toBeUndefined();
      if (dtype === 'float16') expect(spec.quantization).toEqual({ dtype: 'float16' });
      if (dtype === 'uint8') expect(spec.quantization).toEqual({ dtype: 'uint8', min: expect.any(Number), scale: expect.any(Number) });
      expect(json.weightsManifest[0].paths[0]).toMatch(/^group1-shard1of\d+\.bin$/);
      sizes[dtype] = await dirSize(dir);
    }
    expect(sizes.float16! / sizes.float32!).toBeCloseTo(0.5, 3);
    expect(sizes.uint8! / sizes.float32!).toBeCloseTo(0.25, 3);
    disposeParams(g.params);
  });

  it('keeps colorized photos close to float32: float16 above 45 dB, uint8 above 30 dB PSNR (random ngf 16 weights)', async () => {
    const g = createGenerator(EDGE, 3);
    const photos = await fixturePhotos();
    const reference = new Colorizer(g, meta);
    const outputs = await Promise.all(photos.map((p) => reference.colorize(p.image)));
    for (const [dtype, floor] of [['float16', 45], ['uint8', 30]] as const) {
      const quantized = await loadColorizer(await toArtifacts({ generator: g, metadata: meta }, { dtype }));
      for (let i = 0; i < photos.length; i++) expect(psnr(outputs[i]!, await quantized.colorize(photos[i]!.image))).toBeGreaterThan(floor);
      quantized.dispose();
    }
    reference.dispose();
  });

  it('exports a whole model as one JSON file and reads it back to the same outputs', async () => {
    const g = createGenerator(EDGE, 5);
    const file = JSON.parse(JSON.stringify(await toSingleFile({ generator: g, metadata: meta }, { dtype: 'uint8' })));
    expect(file.weightsManifest[0].weights[0].quantization.dtype).toBe('uint8');
    const fromFile = await loadColorizer(fromSingleFile(file));
    const direct = await loadColorizer(await toArtifacts({ generator: g, metadata: meta }, { dtype: 'uint8' }));
    const photo = (await fixturePhotos())[0]!.image;
    const [a, b] = [await fromFile.colorize(photo), await direct.colorize(photo)];
    expect(Buffer.from(a.data).equals(Buffer.from(b.data))).toBe(true);
    expect(() => fromSingleFile({ hello: 1 })).toThrow(ColorizeError);
    [fromFile, direct].forEach((c) => c.dispose());
    disposeParams(g.params);
  });

  it('encodes float16 bits as IEEE 754 binary16', () => {
    const cases: [number, number][] = [[1, 0x3c00], [-2, 0xc000], [65504, 0x7bff], [1e6, 0x7c00], [0.1, 0x2e66], [5.960464477539063e-8, 0x0001], [1e-9, 0], [0, 0]];
    for (const [v, bits] of cases) expect(float16Bits(v)).toBe(bits);
  });

  it('rejects weights that do not fit the network, with a clear code', async () => {
    const g = createGenerator({ ngf: 4, innermostNorm: false }, 3);
    const artifacts = await toArtifacts({ generator: g, metadata: meta });
    const broken = { ...artifacts, weightSpecs: artifacts.weightSpecs!.slice(1), weightData: artifacts.weightData };
    await expect(loadColorizer({ ...broken, weightData: (artifacts.weightData as ArrayBuffer).slice(4 * 4 * 4 * 1 * 4) })).rejects.toThrow(ColorizeError);
    await expect(loadColorizer({ ...artifacts, modelTopology: { layers: [] } })).rejects.toMatchObject({ code: 'invalid_weights' });
    disposeParams(g.params);
  });

  it('reads a model file from before hints (no `hints` in its topology) as a model without them, and keeps a hints model\'s', async () => {
    const g = createGenerator({ ngf: 4, innermostNorm: false }, 3);
    const artifacts = await toArtifacts({ generator: g, metadata: meta });
    const { hints, ...older } = (artifacts.modelTopology as { generator: Record<string, unknown> }).generator;
    expect(hints).toBe(false);
    const old = await loadColorizer({ ...artifacts, modelTopology: { ...(artifacts.modelTopology as object), generator: older } });
    expect(old.generator.config.hints).toBe(false);
    old.dispose();
    disposeParams(g.params);
    const h = createGenerator({ ngf: 4, innermostNorm: false, hints: true, inChannels: 4 }, 3);
    const hinted = await loadColorizer(await toArtifacts({ generator: h, metadata: meta }));
    expect(hinted.generator.config).toMatchObject({ hints: true, inChannels: 4 });
    hinted.dispose();
    disposeParams(h.params);
  });
});
