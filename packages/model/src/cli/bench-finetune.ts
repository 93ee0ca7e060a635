/**
 * npm run bench:finetune -w packages/model [-- --cases a,b --minutes n --steps n --lr x … --json file]
 *
 * The benchmark that sets the fine-tuning defaults, shaped like real use: the shipped model
 * against the same model fine-tuned with the default recipe (or the flags' variant) through the
 * one training session (both judges), on photos the fine-tune never trained on and the shipped
 * model never saw (../shared/data: extra/ and more/, packages its training left out):
 * - same photos: a person's photos where colour differs by object at the same grey (a parrot,
 *   flowers, a castle; one large photo of daisies): fine-tuned on two thirds of each photo,
 *   scored on crops of the last third;
 * - same subject: photos of people and places with a second photo of each (kphotoalbum's
 *   series): fine-tuned on the first photos, scored on the second ones;
 * - one photographer's other work (cimg-doc's postcards) and a mixed family album (kphotoalbum's
 *   other photos): fine-tuned on half, scored on the other half; these must not get worse;
 * and every case is also scored on other photos (one crop of each photo of more/'s packages
 * that neither the cases, the world's judge nor any training uses), where a fine-tune must not
 * forget the world. Source photos are rebuilt from their 256x256 crops where the crops cover
 * them (the manifests give each crop's place), so fine-tuning sees whole photos, as a person's
 * would be.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluate, type Evaluation } from '../metrics/evaluate.js';
import type { RgbaImage } from '../photo/image.js';
import { cropRgba, photoKey, splitPhoto } from '../training/photos.js';
import { fineTuneRecipe, type Recipe, type SessionPhoto } from '../training/session.js';
import { listImages, loadFolder } from '../node/dataset.js';
import { colorizerOf, fineTune } from '../node/finetune.js';
import { loadColorizerFromDir, useNodeBackend } from '../node/index.js';
import { registerWasmTrainingKernels } from '../training/wasm-kernels.js';
import { cliArgs, fail, numberArg } from './args.js';

const CASES = ['same-photos', 'same-photo', 'same-subject', 'photographer', 'album'] as const;
type CaseName = (typeof CASES)[number];

const USAGE = `usage: npm run bench:finetune -w packages/model -- [options]

  --data dir       the data sets' folder, holding extra/ and more/ (default: ../shared/data beside the checkout)
  --cases list     some of: ${CASES.join(',')} (default: all)
  --minutes n      time budget per fine-tune (default: none; the goal is 3)
  --steps n, --lr x, --lambda x, --batch n, --freeze 0|1, --held-out x, --anchor x   a variant of the default recipe
  --json file      also write the rows as JSON
  --verbose        print every scoring by both judges`;

const { values } = cliArgs(USAGE, {
  data: { type: 'string' }, cases: { type: 'string' }, minutes: { type: 'string' }, steps: { type: 'string' }, lr: { type: 'string' },
  lambda: { type: 'string' }, batch: { type: 'string' }, freeze: { type: 'string' }, 'held-out': { type: 'string' },
  anchor: { type: 'string' }, json: { type: 'string' }, verbose: { type: 'boolean' },
});
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const dataDir = resolve(values.data ?? join(ROOT, '../shared/data'));
const cases = (values.cases ? values.cases.split(',') : [...CASES]) as CaseName[];
for (const c of cases) if (!CASES.includes(c)) fail(`unknown case ${c}.\n\n${USAGE}`, 2);
const variant: Partial<Recipe> = {};
if (values.steps) variant.steps = numberArg('steps', values.steps, 0, 1, 1e6);
if (values.lr) variant.learningRate = numberArg('lr', values.lr, 0, 0, 1);
if (values.lambda) variant.lambda = numberArg('lambda', values.lambda, 0, 0, 1e4);
if (values.batch) variant.batch = numberArg('batch', values.batch, 0, 1, 64);
if (values.freeze) variant.freezeStatistics = values.freeze === '1';
if (values['held-out']) variant.heldOut = numberArg('held-out', values['held-out'], 0, 0, 0.5);
if (values.anchor) variant.anchor = numberArg('anchor', values.anchor, 0, 0, 1e6);
const maxMs = numberArg('minutes', values.minutes, Infinity, 0.1, 1e4) * 60_000;

/** The packages the cases use, the world's judge uses (models/default/world) or training used: the "other photos" leave them out. */
const USED = new Set(['cimg-doc', 'cimg-examples', 'golang-github-disintegration-imaging-dev', 'libjs-cropper', 'libjs-jquery-colorbox', 'darknet', 'ruby-rmagick-doc', 'gramps', 'renpy-demo']);

interface Crop { file: string; package: string; resized_size: [number, number]; crop_xy: [number, number] }
interface DataSet { dir: string; crops: Map<string, Crop>; files: string[] }
async function dataSet(name: string): Promise<DataSet> {
  const dir = join(dataDir, name);
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8').catch(() => fail(`${dir}: no manifest.json (see ../shared/data).`))) as { crops: Crop[] };
  return { dir, crops: new Map(manifest.crops.map((c) => [c.file, c])), files: await listImages(join(dir, 'train')) };
}
const extra = await dataSet('extra');
const more = await dataSet('more');

/** A source photo (`<package>__<slug>`) rebuilt from its crops; its crops as they are where they leave gaps. */
async function photo(set: DataSet, key: string): Promise<SessionPhoto[]> {
  const names = set.files.filter((f) => photoKey(f) === key);
  if (!names.length) fail(`${set.dir}: no crops of ${key}.`);
  const crops = await loadFolder(join(set.dir, 'train'), names, (f, e) => fail(`${f}: ${e.message}`));
  const [w, h] = set.crops.get(names[0]!)!.resized_size;
  const data = new Uint8ClampedArray(w * h * 4);
  const covered = new Uint8Array(w * h);
  for (const { file, image } of crops) {
    const [x0, y0] = set.crops.get(file)!.crop_xy;
    for (let y = 0; y < image.height; y++) {
      data.set(image.data.subarray(y * image.width * 4, (y + 1) * image.width * 4), ((y0 + y) * w + x0) * 4);
      covered.fill(1, (y0 + y) * w + x0, (y0 + y) * w + x0 + image.width);
    }
  }
  if (covered.every((c) => c === 1)) return [{ name: `${key}.png`, image: { width: w, height: h, data } }];
  return crops.map((c) => ({ name: c.file, image: c.image }));
}
const photos = async (set: DataSet, keys: readonly string[]) => (await Promise.all(keys.map((k) => photo(set, k)))).flat();

/** 256x256 crops of an image on a half-overlapping grid: what a part of a photo is scored by. */
function tiles(name: string, image: RgbaImage, side = 256): { file: string; image: RgbaImage }[] {
  const out: { file: string; image: RgbaImage }[] = [];
  for (let y = 0; y + side <= image.height; y += side / 2) {
    for (let x = 0; x + side <= image.width; x += side / 2) out.push({ file: `${name}@${x},${y}`, image: cropRgba(image, x, y, side, side) });
  }
  return out.length ? out : [{ file: name, image }];
}

/** Two thirds of each photo to fine-tune on, crops of the last third (the far end of its longer side) to score on. */
function samePhotos(list: SessionPhoto[]): { train: SessionPhoto[]; score: { file: string; image: RgbaImage }[] } {
  const parts = list.map((p) => ({ name: p.name, ...splitPhoto(p.image, 2 / 3) }));
  return { train: parts.map((p) => ({ name: p.name, image: p.train })), score: parts.flatMap((p) => tiles(p.name, p.heldOut)) };
}
const asScored = (list: SessionPhoto[]) => list.flatMap((p) => tiles(p.name, p.image));
const pkg = (p: string, slugs: string[]) => slugs.map((s) => `${p}__${s}`);

async function caseData(name: CaseName): Promise<{ train: SessionPhoto[]; score: { file: string; image: RgbaImage }[] }> {
  switch (name) {
    case 'same-photos':
      return samePhotos(await photos(more, ['cimg-examples__parrot', 'golang-github-disintegration-imaging-dev__flowers', 'libjs-cropper__castle-med']));
    case 'same-photo':
      return samePhotos(await photos(more, ['libjs-jquery-colorbox__daisy-2x']));
    case 'same-subject': {
      const first = ['jesper', 'donna', 'skagen', 'spiff', 'bar55', 'grand-canyon-2'];
      const second = ['jesper-2', 'donna-2', 'skagen-2', 'spiff-2', 'bar55-2', 'grand-canyon-3'];
      return { train: await photos(extra, pkg('kphotoalbum', first)), score: asScored(await photos(extra, pkg('kphotoalbum', second))) };
    }
    case 'photographer':
      return { train: await photos(more, pkg('cimg-doc', ['postcard10', 'postcard27', 'postcard33', 'postcard34', 'postcard35'])), score: asScored(await photos(more, pkg('cimg-doc', ['postcard75', 'postcard76', 'postcard77', 'postcard78', 'postcard79']))) };
    case 'album':
      return { train: await photos(extra, pkg('kphotoalbum', ['anne-helene', 'cold-water', 'pool', 'snow'])), score: asScored(await photos(extra, pkg('kphotoalbum', ['blackie', 'new-wave-2', 'qt-logo', 'sunset']))) };
  }
}

/** One crop (the middle one by name) of each photo of more/'s packages that nothing else here uses. */
async function otherPhotos(): Promise<{ file: string; image: RgbaImage }[]> {
  const byPhoto = new Map<string, string[]>();
  for (const f of more.files) if (!USED.has(more.crops.get(f)!.package)) byPhoto.set(photoKey(f), [...(byPhoto.get(photoKey(f)) ?? []), f]);
  const picked = [...byPhoto.values()].map((fs) => fs.sort()[Math.floor(fs.length / 2)]!);
  return (await loadFolder(join(more.dir, 'train'), picked, (f, e) => fail(`${f}: ${e.message}`))).map((p) => ({ file: p.file, image: p.image }));
}

interface Row {
  case: CaseName; photos: string; steps: number; seconds: number; keptStep: number;
  shipped: Evaluation; tuned: Evaluation; otherShipped: Evaluation; otherTuned: Evaluation;
}
const rows: Row[] = [];

registerWasmTrainingKernels();
await useNodeBackend();
const others = await otherPhotos();
const shippedModel = await loadColorizerFromDir();
const otherShipped = await evaluate(shippedModel, others);

async function bench(name: CaseName): Promise<void> {
  const { train, score } = await caseData(name);
  const shipped = await evaluate(shippedModel, score);
  const result = await fineTune(train, {
    recipe: variant, maxMs,
    onScore: values.verbose
      ? (step, s, w, kept) => console.log(`  step ${step}: yours ${s.psnr.toFixed(2)} dB, ${(100 * s.colourfulness).toFixed(0)} %${w ? `; world ${w.psnr.toFixed(2)} dB, ${(100 * w.colourfulness).toFixed(0)} %` : ''}; kept ${kept}`)
      : undefined,
  });
  const tuned = colorizerOf(result.model);
  const row: Row = {
    case: name, photos: `${train.length}/${score.length}`, steps: result.steps, seconds: result.seconds, keptStep: result.best.step,
    shipped, tuned: await evaluate(tuned, score), otherShipped, otherTuned: await evaluate(tuned, others),
  };
  tuned.dispose();
  rows.push(row);
  print(row);
}

const pct = (e: Evaluation) => (100 * e.model.colourfulness) / e.truthColourfulness;
const signed = (x: number, digits = 2) => `${x >= 0 ? '+' : ''}${x.toFixed(digits)}`;
function print(r: Row): void {
  const d = (a: number, b: number, digits: number) => `${a.toFixed(digits)} -> ${b.toFixed(digits)}`.padEnd(15);
  console.log(`| ${r.case.padEnd(12)} | ${r.photos.padStart(6)} | ${String(r.steps).padStart(5)} | ${r.seconds.toFixed(0).padStart(4)} | ${String(r.keptStep).padStart(4)} | ${d(r.shipped.model.psnr, r.tuned.model.psnr, 2)} | ${d(r.shipped.model.ciede2000, r.tuned.model.ciede2000, 2)} | ${d(pct(r.shipped), pct(r.tuned), 0)} | ${signed(r.otherTuned.model.psnr - r.otherShipped.model.psnr).padStart(6)} | ${((100 * r.otherTuned.model.colourfulness) / r.otherShipped.model.colourfulness).toFixed(0).padStart(4)} % |`);
}

const recipe = { ...fineTuneRecipe(), ...variant };
console.log(`recipe: lr ${recipe.learningRate}, lambda ${recipe.lambda}, batch ${recipe.batch}, anchor ${recipe.anchor}, freeze statistics ${recipe.freezeStatistics}, steps ${values.steps ?? recipe.steps}, scored every ${recipe.evaluateEvery}${Number.isFinite(maxMs) ? `, at most ${maxMs / 60000} min` : ''}`);
console.log(`other photos: ${others.length} crops, shipped model ${otherShipped.model.psnr.toFixed(2)} dB, ${pct(otherShipped).toFixed(0)} % of their colourfulness`);
console.log('| case         | tune/score | steps | s | kept | PSNR dB | CIEDE2000 | colourfulness % | other photos dB | other photos colourfulness (of shipped) |');
console.log('| --- | ---: | ---: | ---: | ---: | --- | --- | --- | ---: | ---: |');
for (const c of cases) await bench(c);
shippedModel.dispose();

/** The issue's goals, each with its figure. */
console.log('\ngoals');
const GAIN: Record<CaseName, { db: number; ciede?: number }> = {
  'same-photos': { db: 1, ciede: 2 }, 'same-photo': { db: 1, ciede: 2 }, 'same-subject': { db: 0.5 }, photographer: { db: 0 }, album: { db: 0 },
};
const mark = (ok: boolean) => (ok ? 'ok  ' : 'MISS');
for (const r of rows) {
  const goal = GAIN[r.case];
  const gain = r.tuned.model.psnr - r.shipped.model.psnr;
  const ciede = r.shipped.model.ciede2000 - r.tuned.model.ciede2000;
  console.log(`${mark(gain >= goal.db)} ${r.case}: at least ${signed(goal.db, 1)} dB on the photos it did not train on (${signed(gain)} dB)`);
  if (goal.ciede) console.log(`${mark(ciede >= goal.ciede)} ${r.case}: CIEDE2000 at least ${goal.ciede} lower (${signed(-ciede)})`);
  const otherDb = r.otherTuned.model.psnr - r.otherShipped.model.psnr;
  const otherColour = r.otherTuned.model.colourfulness / r.otherShipped.model.colourfulness;
  console.log(`${mark(otherDb >= -0.3 && otherColour >= 0.9)} ${r.case}: other photos at most 0.3 dB worse (${signed(otherDb)}) with at least 90 % of the shipped model's colourfulness (${(100 * otherColour).toFixed(0)} %)`);
  console.log(`${mark(r.seconds <= 180)} ${r.case}: within 3 minutes (${r.seconds.toFixed(0)} s)`);
}
if (values.json) {
  const slim = (e: Evaluation) => ({ ...e, rows: undefined });
  await writeFile(values.json, `${JSON.stringify({ recipe, rows: rows.map((r) => ({ ...r, shipped: slim(r.shipped), tuned: slim(r.tuned), otherShipped: slim(r.otherShipped), otherTuned: slim(r.otherTuned) })) }, null, 1)}\n`);
}
