/**
 * npm run finetune -w packages/model -- --data <photos> --out <dir> [--minutes n] [--steps n] [--weights dir]
 *
 * Exactly the studio's default: the shipped model fine-tuned on a folder of colour photos with
 * the benchmarked recipe. Writes <out>/model (tfjs model.json + uint8 shards, for
 * loadColorizer, eval --weights and the studio's import) and a before/after report on the
 * photos it held out.
 */
import { existsSync } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { saveModel } from '../inference/weights.js';
import { listImages, loadFolder } from '../node/dataset.js';
import { fineTune } from '../node/finetune.js';
import { DEFAULT_MODEL_DIR, useNodeBackend } from '../node/index.js';
import { registerWasmTrainingKernels } from '../training/wasm-kernels.js';
import { cliArgs, fail, numberArg, oneLine } from './args.js';
import { progress } from './progress.js';

const USAGE = `usage: npm run finetune -w packages/model -- --data <photos> --out <dir> [options]

  --data dir      your colour photos (JPEG/PNG, any size); one photo works too
  --out dir       <out>/model (the fine-tuned model, uint8) and report.json / report.md go here
  --minutes n     stop after n minutes of training (default: when the recipe's steps are done)
  --steps n       train this many steps instead of the recipe's
  --weights dir   the model to start from (default: the shipped model)`;

const { values } = cliArgs(USAGE, { data: { type: 'string' }, out: { type: 'string' }, minutes: { type: 'string' }, steps: { type: 'string' }, weights: { type: 'string' } });
if (!values.data || !values.out) fail(`--data and --out are required.\n\n${USAGE}`, 2);
const dataDir = resolve(values.data);
const outDir = resolve(values.out);
const minutes = numberArg('minutes', values.minutes, Infinity, 0.1, 1e6);
const steps = values.steps === undefined ? undefined : numberArg('steps', values.steps, 0, 1, 1e7);
const modelDir = values.weights ? resolve(values.weights) : DEFAULT_MODEL_DIR;
if (!(await stat(dataDir).catch(() => undefined))?.isDirectory()) fail(`${dataDir}: no such folder.`);
if (!existsSync(join(modelDir, 'model.json'))) fail(`${modelDir}: no model.json there.`);

const files = await listImages(dataDir);
if (files.length === 0) fail(`${dataDir}: no .jpg, .jpeg or .png photos.`);
const loaded = await loadFolder(dataDir, files, (file, e) => console.warn(`skipping ${file}: ${oneLine(e)}`));
if (loaded.length === 0) fail(`none of the ${files.length} photos in ${dataDir} could be read.`);

registerWasmTrainingKernels();
await useNodeBackend();
let bar: ReturnType<typeof progress> | undefined;
const result = await fineTune(loaded.map((p) => ({ name: p.file, image: p.image })), {
  modelDir,
  recipe: steps ? { steps } : {},
  maxMs: minutes * 60_000,
  onStep(step, total, losses) {
    bar ??= progress('fine-tune', total);
    bar.update(step, `colour error ${losses.genL1.toFixed(4)}`);
  },
}).catch((e: unknown) => fail(oneLine(e)));
bar?.stop();

await mkdir(outDir, { recursive: true });
await saveModel(result.model, `file://${join(outDir, 'model')}`, { dtype: 'uint8' });
result.model.generator.params.forEach((v) => v.dispose());
const { before, best, world } = result;
const after = best.scores;
const report = {
  from: modelDir, photos: result.photos, recipe: result.recipe, steps: result.steps, seconds: result.seconds,
  heldOut: { before, after, keptStep: best.step }, ...(world ? { world: { before: world.before, after: world.best } } : {}),
};
await writeFile(join(outDir, 'report.json'), `${JSON.stringify(report, null, 1)}\n`);
const pct = (x: number) => `${Math.round(100 * x)} %`;
const db = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(2)} dB`;
const yours = result.photos.mode === 'strips' ? 'a third of each of your photos, never trained on' : 'your photos held out whole';
const lines = [
  `# Fine-tune of ${modelDir}`,
  '',
  `${result.photos.train} photos to learn from; judged on ${yours} (${result.photos.heldOut} photos)${world ? ' and on 12 other photos the model must not forget' : ''}; ${result.steps} steps in ${Math.round(result.seconds)} s; kept step ${best.step}.`,
  '',
  '| | before | after |',
  '| --- | ---: | ---: |',
  `| your photos: PSNR (dB, higher is better) | ${before.psnr.toFixed(2)} | ${after.psnr.toFixed(2)} |`,
  `| your photos: CIEDE2000 (colour error, lower is better) | ${before.ciede2000.toFixed(2)} | ${after.ciede2000.toFixed(2)} |`,
  `| your photos: colourfulness (of the photos' own) | ${pct(before.colourfulness)} | ${pct(after.colourfulness)} |`,
  ...(world ? [
    `| other photos: PSNR (dB) | ${world.before.psnr.toFixed(2)} | ${world.best.psnr.toFixed(2)} |`,
    `| other photos: colourfulness (of the photos' own) | ${pct(world.before.colourfulness)} | ${pct(world.best.colourfulness)} |`,
  ] : []),
];
await writeFile(join(outDir, 'report.md'), `${lines.join('\n')}\n`);
console.log(`on unseen parts of your photos: PSNR ${before.psnr.toFixed(2)} -> ${after.psnr.toFixed(2)} dB (${db(after.psnr - before.psnr)}), colour error ${before.ciede2000.toFixed(2)} -> ${after.ciede2000.toFixed(2)}, colourfulness ${pct(before.colourfulness)} -> ${pct(after.colourfulness)} of the real photos'`);
if (world) console.log(`on other photos: PSNR ${world.before.psnr.toFixed(2)} -> ${world.best.psnr.toFixed(2)} dB (${db(world.best.psnr - world.before.psnr)}), colourfulness ${pct(world.before.colourfulness)} -> ${pct(world.best.colourfulness)}`);
console.log(best.step === 0
  ? 'no step coloured the unseen parts of your photos better while colouring other photos as before: the model written is the one you started from. More photos of the same places or people give it more to learn from.'
  : `kept step ${best.step} of ${result.steps}: the best on your photos that still colours other photos as before.`);
console.log(`wrote ${join(outDir, 'model')} and ${join(outDir, 'report.md')}`);
