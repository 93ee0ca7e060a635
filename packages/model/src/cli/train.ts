/**
 * npm run train -w packages/model -- --data <dir> --out <dir> [--steps --size --ngf --hints --batch --lr --lambda --resume --init <dir>]
 *
 * pix2pix on any folder of colour photos through the one training session: a new model, or a
 * fine-tune of --init. Progress line, JSON log, sample sheets, resumable checkpoints.
 */
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { tileSheet } from '../photo/sheet.js';
import { createTrainingSession, NEW_MODEL_RECIPE, type SessionStart } from '../training/session.js';
import { loadModel, saveModel } from '../inference/weights.js';
import { listImages, loadFolder } from '../node/dataset.js';
import { encodeImage, useNodeBackend, type NodeBackend } from '../node/index.js';
import { registerWasmTrainingKernels } from '../training/wasm-kernels.js';
import { cliArgs, fail, numberArg, oneLine } from './args.js';
import { progress } from './progress.js';

const USAGE = `usage: npm run train -w packages/model -- --data <dir> --out <dir> [options]

  --data dir        colour photos (JPEG/PNG, any size: random crops at several scales are used)
  --out dir         log.jsonl, samples/, checkpoint/ and model/ (the kept generator, uint8) go here
  --steps n         training steps (default 300)
  --size n          image size of a new model, a power of two from 32 to 512 (default 256)
  --ngf n           width of a new model (default 16; the paper: 64)
  --hints           a new model that takes colour hints, trained on simulated ones (a model from
                    --init or a checkpoint keeps its own: with --init, it must take hints)
  --batch n         crops per step (default 1, as the paper)
  --lr x            Adam learning rate (default 2e-4)
  --lambda x        weight of the L1 term (default 100)
  --val x           fraction of source photos held out to keep the best model by (default 0.1)
  --init dir        fine-tune this model (e.g. the shipped default) instead of a new one
  --critic-steps n  with --init of a model without a critic: train a fresh one alone this many steps first
  --critic-only     with --init: train a fresh critic alone (--critic-steps), and save it beside the model
  --resume          continue from <out>/checkpoint
  --sample-every n  score the held-out photos and write a sample sheet every n steps (default 100)
  --ckpt-every n    checkpoint every n steps (default 100)
  --backend b       wasm (default) or cpu
  --seed n          seed of init, crops, mirrors and dropout (default 0)`;

const { values } = cliArgs(USAGE, {
  data: { type: 'string' }, out: { type: 'string' }, steps: { type: 'string' }, size: { type: 'string' },
  ngf: { type: 'string' }, hints: { type: 'boolean' }, batch: { type: 'string' }, lr: { type: 'string' },
  lambda: { type: 'string' }, val: { type: 'string' }, init: { type: 'string' }, resume: { type: 'boolean' },
  'critic-steps': { type: 'string' }, 'critic-only': { type: 'boolean' },
  'sample-every': { type: 'string' }, 'ckpt-every': { type: 'string' }, backend: { type: 'string' }, seed: { type: 'string' },
});
if (!values.data || !values.out) fail(`--data and --out are required.\n\n${USAGE}`, 2);
const dataDir = resolve(values.data);
const outDir = resolve(values.out);
const recipe = {
  steps: numberArg('steps', values.steps, NEW_MODEL_RECIPE.steps, 1, 1e7),
  batch: numberArg('batch', values.batch, NEW_MODEL_RECIPE.batch, 1, 64),
  learningRate: numberArg('lr', values.lr, NEW_MODEL_RECIPE.learningRate, 0, 1),
  lambda: numberArg('lambda', values.lambda, NEW_MODEL_RECIPE.lambda, 0, 1e4),
  heldOut: numberArg('val', values.val, 0.1, 0, 0.5),
  evaluateEvery: numberArg('sample-every', values['sample-every'], 100, 1, 1e7),
  // The paper's training: BatchNorm learns its statistics as it goes.
  freezeStatistics: false,
  criticSteps: numberArg('critic-steps', values['critic-steps'], 0, 0, 1e7),
};
if (values['critic-only']) {
  if (!values.init || !recipe.criticSteps) fail('--critic-only needs --init and --critic-steps.', 2);
  recipe.steps = 0;
}
const size = numberArg('size', values.size, 256, 32, 512);
const ngf = numberArg('ngf', values.ngf, 16, 1, 128);
const ckptEvery = numberArg('ckpt-every', values['ckpt-every'], 100, 1, 1e7);
const seed = numberArg('seed', values.seed, 0, 0, 2 ** 31);
if (!existsSync(dataDir)) fail(`${dataDir}: no such folder.`);

registerWasmTrainingKernels();
const backend = await useNodeBackend((values.backend ?? 'wasm') as NodeBackend);
const files = await listImages(dataDir);
if (files.length === 0) fail(`${dataDir}: no .jpg, .jpeg or .png photos.`);
const photos = (await loadFolder(dataDir, files, (file, e) => console.warn(`skipping ${file}: ${e.message}`))).map((p) => ({ name: p.file, image: p.image }));
if (photos.length === 0) fail(`none of the ${files.length} photos in ${dataDir} could be read.`);

const checkpointUrl = `file://${join(outDir, 'checkpoint')}`;
const resuming = values.resume && existsSync(join(outDir, 'checkpoint', 'model.json'));
let start: SessionStart;
if (resuming) start = { kind: 'resume', checkpoint: checkpointUrl };
else if (values.init) {
  const { model } = await loadModel(`file://${resolve(values.init)}`).catch((e: Error) => fail(`--init: ${oneLine(e)}`));
  if (values.hints && !model.generator.config.hints) fail(`--hints: the model in ${values.init} takes no hints; only a new model can be made to take them.`, 2);
  if (values['critic-only'] && model.discriminator) {
    // --critic-only trains a fresh critic, whatever the model came with (the command is repeatable).
    model.discriminator.params.forEach((v) => v.dispose());
    delete model.discriminator;
  }
  start = { kind: 'fine-tune', model };
}
else start = { kind: 'new', size, ngf, hints: values.hints ?? false };
// A fine-tune runs at its model's size, on the paper's settings unless the flags say otherwise.
// The size is a new model's; a fine-tune or a resume trains at its model's own.
const session = await createTrainingSession({ start, photos, recipe: start.kind === 'new' ? { ...recipe, size } : recipe, seed })
  .catch((e: Error) => fail(oneLine(e)));
if (resuming) console.log(`resumed from step ${session.step}`);
console.log(`${session.photos.train} training photos, ${session.photos.heldOut} held out (by source photo), backend ${backend}`);

await mkdir(join(outDir, 'samples'), { recursive: true });
const bar = progress('train', session.recipe.steps);
const stop = { requested: false };
process.on('SIGINT', () => (stop.requested = true));
const result = await session.run({
  onCritic(done, total) {
    bar.update(0, `critic ${done}/${total}`);
  },
  async onStep({ step, losses, stepsPerSecond }) {
    bar.update(step, `${stepsPerSecond.toFixed(2)} steps/s | G_gan ${losses.genGan.toFixed(3)} G_L1 ${losses.genL1.toFixed(4)} D ${losses.discTotal.toFixed(3)}`);
    await appendFile(join(outDir, 'log.jsonl'), `${JSON.stringify({ step, ...losses, time: new Date().toISOString() })}\n`);
    if (step % ckptEvery === 0) await session.save(checkpointUrl);
  },
  async onPreview({ step, images }) {
    const tiles = session.heldOut.flatMap(({ grey, truth }, i) => [grey, images[i]!, truth]);
    await writeFile(join(outDir, 'samples', `step-${String(step).padStart(6, '0')}.png`), await encodeImage(tileSheet(tiles, 3, session.recipe.size), 'png'));
  },
  // Stopped or finished: the last state is never lost.
  onCheckpoint: () => session.save(checkpointUrl),
  shouldStop: () => stop.requested,
});
bar.stop();
const kept = session.bestModel({ critic: values['critic-only'] });
// A critic trained for a model ships beside it: the model keeps its own name and facts.
if (values['critic-only'] && start.kind === 'fine-tune') kept.metadata = { ...start.model.metadata, critic: { steps: recipe.criticSteps, batch: recipe.batch, trainedOn: relative(process.cwd(), dataDir) } };
await saveModel(kept, `file://${join(outDir, 'model')}`, { dtype: 'uint8', includeDiscriminator: values['critic-only'] });
kept.generator.params.forEach((v) => v.dispose());
kept.discriminator?.params.forEach((v) => v.dispose());
const { best, before } = session;
if (session.photos.judged) {
  console.log(`held out: PSNR ${before.psnr.toFixed(2)} -> ${best.scores.psnr.toFixed(2)} dB, CIEDE2000 ${before.ciede2000.toFixed(2)} -> ${best.scores.ciede2000.toFixed(2)}, kept step ${best.step}`);
}
console.log(`${result === 'done' ? 'done' : 'stopped'} at step ${session.step}: checkpoint in ${join(outDir, 'checkpoint')}, uint8 model in ${join(outDir, 'model')}`);
session.dispose();
