/**
 * npm run train -w packages/model -- --data <dir> --out <dir> [--steps --size --ngf --ndf --batch --lr --lambda --resume --init <dir>]
 *
 * pix2pix on any folder of colour photos, with the package's own training step: the grey input
 * is made from each photo. Progress bar, JSON log, sample sheets, resumable checkpoints.
 */
import * as tf from '@tensorflow/tfjs-core';
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { trainingBatch } from '../batch.js';
import { loadCheckpoint, saveCheckpoint, type TrainingState } from '../checkpoint.js';
import { colorizeWith } from '../colorize.js';
import { fastGenerator } from '../fast-inference.js';
import type { RgbaImage } from '../image.js';
import { createDiscriminator } from '../patchgan.js';
import { seededRandom } from '../rng.js';
import { tileSheet, toGrey } from '../sheet.js';
import { createTrainer, PAPER_TRAINING } from '../train-step.js';
import { normalizationFor } from '../config.js';
import { createGenerator } from '../unet.js';
import { loadModel, saveModel } from '../weights.js';
import { centreSquare, isValidation, listImages, loadFolder } from '../node/dataset.js';
import { encodeImage, useNodeBackend, type NodeBackend } from '../node/index.js';
import { registerWasmTrainingKernels } from '../wasm-kernels.js';
import { cliArgs, fail, numberArg } from './args.js';
import { progress } from './progress.js';

const USAGE = `usage: npm run train -w packages/model -- --data <dir> --out <dir> [options]

  --data dir        colour photos (JPEG/PNG, any size: the centre square is used)
  --out dir         log.jsonl, samples/, checkpoint/ and model/ (the generator, uint8) go here
  --steps n         training steps (default 1000)
  --size n          image size, a power of two from 32 to 512 (default 256)
  --ngf n, --ndf n  generator / discriminator width (default 16 / 16; the paper: 64 / 64)
  --batch n         photos per step (default 1, as the paper)
  --lr x            Adam learning rate (default 2e-4)
  --lambda x        weight of the L1 term (default 100)
  --val x           fraction of source photos held out (default 0.1)
  --init dir        start the generator from this model (e.g. the shipped default) instead of N(0, 0.02)
  --resume          continue from <out>/checkpoint
  --sample-every n  sample sheet every n steps (default 100)
  --ckpt-every n    checkpoint every n steps (default 100)
  --backend b       wasm (default) or cpu
  --seed n          seed of init, crops, mirrors and dropout (default 0)`;

const { values } = cliArgs(USAGE, {
  data: { type: 'string' }, out: { type: 'string' }, steps: { type: 'string' }, size: { type: 'string' },
  ngf: { type: 'string' }, ndf: { type: 'string' }, batch: { type: 'string' }, lr: { type: 'string' },
  lambda: { type: 'string' }, val: { type: 'string' }, init: { type: 'string' }, resume: { type: 'boolean' },
  'sample-every': { type: 'string' }, 'ckpt-every': { type: 'string' }, backend: { type: 'string' }, seed: { type: 'string' },
});
if (!values.data || !values.out) fail(`--data and --out are required.\n\n${USAGE}`, 2);
const dataDir = resolve(values.data);
const outDir = resolve(values.out);
const steps = numberArg('steps', values.steps, 1000, 1, 1e7);
const size = numberArg('size', values.size, 256, 32, 512);
const depth = Math.log2(size);
if (!Number.isInteger(depth)) fail('--size must be a power of two.', 2);
const ngf = numberArg('ngf', values.ngf, 16, 1, 128);
const ndf = numberArg('ndf', values.ndf, 16, 1, 128);
const batch = numberArg('batch', values.batch, 1, 1, 64);
const valFraction = numberArg('val', values.val, 0.1, 0, 0.5);
const sampleEvery = numberArg('sample-every', values['sample-every'], 100, 1, 1e7);
const ckptEvery = numberArg('ckpt-every', values['ckpt-every'], 100, 1, 1e7);
const seed = numberArg('seed', values.seed, 0, 0, 2 ** 31);
const options = {
  learningRate: numberArg('lr', values.lr, PAPER_TRAINING.learningRate, 0, 1),
  lambda: numberArg('lambda', values.lambda, PAPER_TRAINING.lambda, 0, 1e4),
  seed,
};
if (!existsSync(dataDir)) fail(`${dataDir}: no such folder.`);

registerWasmTrainingKernels();
const backend = await useNodeBackend((values.backend ?? 'wasm') as NodeBackend);
const files = await listImages(dataDir);
if (files.length === 0) fail(`${dataDir}: no .jpg, .jpeg or .png photos.`);
const trainFiles = files.filter((f) => !isValidation(f, valFraction));
const valFiles = files.filter((f) => isValidation(f, valFraction));
if (trainFiles.length === 0) fail('every photo fell in the validation split: lower --val.');
console.log(`${trainFiles.length} training photos, ${valFiles.length} validation photos (held out by source photo), backend ${backend}`);
const skip = (file: string, e: Error) => console.warn(`skipping ${file}: ${e.message}`);
const toSquare = (xs: { file: string; image: RgbaImage }[]) => xs.map((x) => centreSquare(x.image, size));
const train = toSquare(await loadFolder(dataDir, trainFiles, skip));
const val = toSquare(await loadFolder(dataDir, valFiles.filter((_, i) => i % Math.max(1, Math.floor(valFiles.length / 4)) === 0).slice(0, 4), skip));
if (train.length === 0) fail('no training photo could be decoded.');

await mkdir(join(outDir, 'samples'), { recursive: true });
const checkpointUrl = `file://${join(outDir, 'checkpoint')}`;
let state: TrainingState;
if (values.resume && existsSync(join(outDir, 'checkpoint', 'model.json'))) {
  state = await loadCheckpoint(checkpointUrl, options);
  console.log(`resumed from step ${state.trainer.steps}`);
} else {
  const init = values.init ? (await loadModel(`file://${resolve(values.init)}`)).model : undefined;
  // A fine-tuned model keeps its starting model's BatchNorm mode (as the studio does); a new one follows its batch size.
  const normalization = init?.generator.config.normalization ?? normalizationFor(batch);
  const generator = createGenerator({ size, depth, ngf, innermostNorm: false, normalization }, seed);
  if (init) {
    for (const [name, v] of generator.params) v.assign(init.generator.params.get(name) ?? fail(`--init model lacks ${name} (another size?)`));
    init.generator.params.forEach((v) => v.dispose());
    init.discriminator?.params.forEach((v) => v.dispose());
  }
  const discriminator = createDiscriminator({ inChannels: 3, ndf }, seed + 1);
  const metadata = { id: 'colorize-pix2pix', version: new Date().toISOString().slice(0, 10), trainedOn: dataDir };
  state = { model: { generator, discriminator, metadata }, trainer: createTrainer(generator, discriminator, options) };
}
const { model, trainer } = state;

async function sampleSheet(step: number): Promise<void> {
  const fast = fastGenerator(model.generator);
  const tiles: RgbaImage[] = [];
  for (const truth of val.length ? val : train.slice(0, 4)) {
    const grey = toGrey(truth);
    tiles.push(grey, await colorizeWith(fast, grey), truth);
  }
  fast.dispose();
  await writeFile(join(outDir, 'samples', `step-${String(step).padStart(6, '0')}.png`), await encodeImage(tileSheet(tiles, 3, size), 'png'));
}

const random = seededRandom(seed + trainer.steps);
const bar = progress('train', steps);
bar.update(trainer.steps);
const stop = { requested: false };
process.on('SIGINT', () => (stop.requested = true));
let last = performance.now();
let lastStep = trainer.steps;
while (trainer.steps < steps && !stop.requested) {
  const { input, target } = trainingBatch(train, batch, size, random);
  const losses = await trainer.step(input, target);
  tf.dispose([input, target]);
  const now = performance.now();
  const rate = (trainer.steps - lastStep) / ((now - last) / 1000);
  if (now - last > 2000) {
    last = now;
    lastStep = trainer.steps;
  }
  bar.update(trainer.steps, `${rate.toFixed(2)} steps/s | G_gan ${losses.genGan.toFixed(3)} G_L1 ${losses.genL1.toFixed(4)} D ${losses.discTotal.toFixed(3)}`);
  await appendFile(join(outDir, 'log.jsonl'), `${JSON.stringify({ step: trainer.steps, ...losses, time: new Date().toISOString() })}\n`);
  if (trainer.steps % sampleEvery === 0) await sampleSheet(trainer.steps);
  if (trainer.steps % ckptEvery === 0) await saveCheckpoint(state, checkpointUrl);
}
bar.stop();
// Stopped or finished: the last state is never lost.
await saveCheckpoint(state, checkpointUrl);
await sampleSheet(trainer.steps);
await saveModel(model, `file://${join(outDir, 'model')}`, { dtype: 'uint8' });
console.log(`${stop.requested ? 'stopped' : 'done'} at step ${trainer.steps}: checkpoint in ${join(outDir, 'checkpoint')}, uint8 model in ${join(outDir, 'model')}`);
