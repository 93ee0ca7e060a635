/**
 * npm run bench:finetune -w packages/model [-- --cases a,b --minutes n --lr x --lambda x --steps n --freeze 0|1 --json file]
 *
 * The benchmark that sets the fine-tuning defaults: the shipped model against the same model
 * fine-tuned with the default recipe (or the flags' variant), on photos it never trained on
 * (../shared/data/extra: whole packages the shipped model never saw):
 * - personal collections: the photos of one package, fine-tuned on half of its source photos
 *   and scored on the other half;
 * - same scene: one photo, fine-tuned on its left half, scored on its right half.
 * Source photos are rebuilt from their 256x256 crops where the crops cover them (the manifest
 * gives each crop's place), so fine-tuning sees whole photos, as a person's would be.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluate, type Evaluation } from '../metrics/evaluate.js';
import type { RgbaImage } from '../photo/image.js';
import { cropRgba, heldOutKeys, photoKey, splitPhoto } from '../training/photos.js';
import { fineTuneRecipe, type Recipe, type SessionPhoto } from '../training/session.js';
import { listImages, loadFolder } from '../node/dataset.js';
import { colorizerOf, fineTune } from '../node/finetune.js';
import { loadColorizerFromDir, useNodeBackend } from '../node/index.js';
import { registerWasmTrainingKernels } from '../training/wasm-kernels.js';
import { cliArgs, fail, numberArg } from './args.js';

const USAGE = `usage: npm run bench:finetune -w packages/model -- [options]

  --data dir       crops and manifest.json (default: ../shared/data/extra beside the checkout)
  --cases list     some of: kphotoalbum,gimp-help-en,hugin-data,endless-sky-data,same-scene (default: all)
  --minutes n      time budget per fine-tune (default: none; the goal is 5)
  --steps n, --lr x, --lambda x, --batch n, --freeze 0|1, --critic n, --held-out x   a variant of the default recipe
  --json file      also write the rows as JSON
  --verbose        print every scoring on the held-out photos`;

const { values } = cliArgs(USAGE, {
  data: { type: 'string' }, cases: { type: 'string' }, minutes: { type: 'string' }, steps: { type: 'string' }, lr: { type: 'string' },
  lambda: { type: 'string' }, batch: { type: 'string' }, freeze: { type: 'string' }, critic: { type: 'string' }, 'held-out': { type: 'string' }, json: { type: 'string' }, verbose: { type: 'boolean' },
});
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const dataDir = resolve(values.data ?? join(ROOT, '../shared/data/extra'));
const COLLECTIONS = ['kphotoalbum', 'gimp-help-en', 'hugin-data', 'endless-sky-data'];
const cases = values.cases ? values.cases.split(',') : [...COLLECTIONS, 'same-scene'];
const variant: Partial<Recipe> = {};
if (values.steps) variant.steps = numberArg('steps', values.steps, 0, 1, 1e6);
if (values.lr) variant.learningRate = numberArg('lr', values.lr, 0, 0, 1);
if (values.lambda) variant.lambda = numberArg('lambda', values.lambda, 0, 0, 1e4);
if (values.batch) variant.batch = numberArg('batch', values.batch, 0, 1, 64);
if (values.freeze) variant.freezeStatistics = values.freeze === '1';
if (values.critic) variant.criticSteps = numberArg('critic', values.critic, 0, 0, 1e5);
if (values['held-out']) variant.heldOut = numberArg('held-out', values['held-out'], 0, 0, 0.5);
const maxMs = numberArg('minutes', values.minutes, Infinity, 0.1, 1e4) * 60_000;
/** A collection larger than this is sampled (by hash): a person's collection, not a data set. */
const MAX_SOURCE_PHOTOS = 10;

interface Crop { file: string; package: string; resized_size: [number, number]; crop_xy: [number, number] }
const manifest = JSON.parse(await readFile(join(dataDir, 'manifest.json'), 'utf8').catch(() => fail(`${dataDir}: no manifest.json (see ../shared/data).`))) as { crops: Crop[]; crop_size: number };
const files = await listImages(join(dataDir, 'train'));
const byFile = new Map(manifest.crops.map((c) => [c.file, c]));

/** A source photo rebuilt from its crops when they cover it, else its crops as they are. */
function rebuild(key: string, crops: { file: string; image: RgbaImage }[]): SessionPhoto[] {
  const info = byFile.get(crops[0]!.file)!;
  const [w, h] = info.resized_size;
  const data = new Uint8ClampedArray(w * h * 4);
  const covered = new Uint8Array(w * h);
  for (const { file, image } of crops) {
    const [x0, y0] = byFile.get(file)!.crop_xy;
    for (let y = 0; y < image.height; y++) {
      data.set(image.data.subarray(y * image.width * 4, (y + 1) * image.width * 4), ((y0 + y) * w + x0) * 4);
      covered.fill(1, (y0 + y) * w + x0, (y0 + y) * w + x0 + image.width);
    }
  }
  if (covered.every((c) => c === 1)) return [{ name: `${key}.png`, image: { width: w, height: h, data } }];
  return crops.map((c) => ({ name: c.file, image: c.image }));
}

async function loadCollection(pkg: string) {
  const names = files.filter((f) => byFile.get(f)?.package === pkg);
  const keys = new Set(names.map(photoKey));
  // Sampled by a hash of the source photo (the session's rule), then every other one (by name) scored.
  const picked = keys.size > MAX_SOURCE_PHOTOS ? await heldOutKeys(names, MAX_SOURCE_PHOTOS / keys.size) : keys;
  const chosen = names.filter((n) => picked.has(photoKey(n)));
  const scoreKeys = new Set([...picked].sort().filter((_, i) => i % 2 === 1));
  const crops = await loadFolder(join(dataDir, 'train'), chosen, (f, e) => fail(`${f}: ${e.message}`));
  return { scoreKeys, crops };
}

interface Row { case: string; photos: string; steps: number; seconds: number; shipped: Evaluation; tuned: Evaluation; keptStep: number }
const rows: Row[] = [];

async function bench(name: string, train: SessionPhoto[], score: { file: string; image: RgbaImage }[]): Promise<void> {
  const shippedModel = await loadColorizerFromDir();
  const shipped = await evaluate(shippedModel, score);
  shippedModel.dispose();
  const result = await fineTune(train, {
    recipe: variant, maxMs,
    onScore: values.verbose ? (step, s, kept) => console.log(`  step ${step}: held-out PSNR ${s.psnr.toFixed(2)}, CIEDE2000 ${s.ciede2000.toFixed(2)}, colourfulness ${(100 * s.colourfulness).toFixed(0)} %; kept ${kept}`) : undefined,
  });
  const tuned = colorizerOf(result.model);
  const after = await evaluate(tuned, score);
  tuned.dispose();
  const row = { case: name, photos: `${train.length}/${score.length}`, steps: result.steps, seconds: result.seconds, shipped, tuned: after, keptStep: result.best.step };
  rows.push(row);
  print(row);
}

const pct = (e: Evaluation) => (100 * e.model.colourfulness) / e.truthColourfulness;
function print(r: Row): void {
  const d = (a: number, b: number, digits: number) => `${a.toFixed(digits)} -> ${b.toFixed(digits)}`.padEnd(17);
  console.log(`| ${r.case.padEnd(16)} | ${r.photos.padStart(7)} | ${String(r.steps).padStart(5)} | ${r.seconds.toFixed(0).padStart(5)} | ${String(r.keptStep).padStart(4)} | ${d(r.shipped.model.psnr, r.tuned.model.psnr, 2)} | ${d(r.shipped.model.ssim, r.tuned.model.ssim, 3)} | ${d(r.shipped.model.ciede2000, r.tuned.model.ciede2000, 2)} | ${d(pct(r.shipped), pct(r.tuned), 0)} |`);
}

registerWasmTrainingKernels();
await useNodeBackend();
const recipe = { ...fineTuneRecipe(10), ...variant };
console.log(`recipe: lr ${recipe.learningRate}, lambda ${recipe.lambda}, batch ${recipe.batch}, freeze statistics ${recipe.freezeStatistics}, critic warm-up ${recipe.criticSteps}, held out ${recipe.heldOut}, steps ${values.steps ?? 'min(150, 60 + 15 x photos)'}, keep-best every ${recipe.evaluateEvery}${Number.isFinite(maxMs) ? `, at most ${maxMs / 60000} min` : ''}`);
console.log('| case             | tune/score | steps |     s | kept | PSNR dB           | SSIM              | CIEDE2000         | colourfulness %   |');
console.log('| --- | ---: | ---: | ---: | ---: | --- | --- | --- | --- |');
for (const c of cases) {
  if (COLLECTIONS.includes(c)) {
    const { scoreKeys, crops } = await loadCollection(c);
    const tuneCrops = crops.filter((x) => !scoreKeys.has(photoKey(x.file)));
    const train = [...new Set(tuneCrops.map((x) => photoKey(x.file)))].flatMap((k) => rebuild(k, tuneCrops.filter((x) => photoKey(x.file) === k)));
    await bench(c, train, crops.filter((x) => scoreKeys.has(photoKey(x.file))));
  } else if (c === 'same-scene') {
    // The largest photo the crops rebuild whole, from a package the shipped model never saw.
    const { crops } = await loadCollection('kphotoalbum');
    const whole = [...new Set(crops.map((x) => photoKey(x.file)))]
      .flatMap((k) => rebuild(k, crops.filter((x) => photoKey(x.file) === k)))
      .filter((p) => p.name.endsWith('.png'))
      .sort((a, b) => b.image.width * b.image.height - a.image.width * a.image.height)[0];
    if (!whole) fail('no photo of kphotoalbum is covered whole by its crops.');
    const { train, heldOut } = splitPhoto(whole.image, 0.5);
    const side = manifest.crop_size;
    const score: { file: string; image: RgbaImage }[] = [];
    for (let y = 0; y + side <= heldOut.height; y += side / 2) {
      for (let x = 0; x + side <= heldOut.width; x += side / 2) score.push({ file: `${whole.name}@${x},${y}`, image: cropRgba(heldOut, x, y, side, side) });
    }
    await bench(`same-scene`, [{ name: whole.name, image: train }], score);
  } else {
    fail(`unknown case ${c}.\n\n${USAGE}`, 2);
  }
}

console.log('\ngoals');
for (const r of rows) {
  const time = `${r.seconds <= 300 ? 'ok  ' : 'MISS'} within 5 minutes (${r.seconds.toFixed(0)} s)`;
  if (r.case === 'same-scene') {
    const gain = r.tuned.model.psnr - r.shipped.model.psnr;
    console.log(`${gain >= 1.5 ? 'ok  ' : 'MISS'} same-scene gains at least 1.5 dB (${gain >= 0 ? '+' : ''}${gain.toFixed(2)} dB); ${time}`);
  } else {
    const kept = pct(r.tuned) / pct(r.shipped);
    const ok = r.tuned.model.psnr >= r.shipped.model.psnr && r.tuned.model.ciede2000 <= r.shipped.model.ciede2000 && kept >= 0.9;
    console.log(`${ok ? 'ok  ' : 'MISS'} ${r.case}: no worse in PSNR and CIEDE2000, keeps at least 90 % of the colourfulness (${(100 * kept).toFixed(0)} %); ${time}`);
  }
}
if (values.json) await writeFile(values.json, `${JSON.stringify({ recipe, rows: rows.map(({ shipped, tuned, ...r }) => ({ ...r, shipped: { ...shipped, rows: undefined }, tuned: { ...tuned, rows: undefined } })) }, null, 1)}\n`);
