/**
 * npm run eval -w packages/model -- --data <dir> [--weights <dir>] [--out <dir>] [--split split.json] [--hints n --seed s] [--packages a,b] [--portraits file] [--reach]
 *
 * Colorizes the grey version of every photo and scores it against the photo: mean PSNR, SSIM,
 * CIEDE2000, colourfulness and chroma noise, for the model and for the grey baseline (L with
 * a = b = 0); then the same over the photos in the portraits list.
 * With --hints, a hints model gets n hints per photo sampled from the truth (sampleHints).
 * With --reach, it measures instead how far one hint's colour spreads (hintReach).
 */
import * as tf from '@tensorflow/tfjs-core';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { chromaNoiseShare, evaluate, hintReach, REACH_FAR, REACH_NEAR, summarize, type Summary } from '../metrics/index.js';
import { tileSheet } from '../photo/sheet.js';
import { listImages, loadFolder } from '../node/dataset.js';
import { photoKey } from '../training/photos.js';
import { DEFAULT_MODEL_DIR, encodeImage, loadColorizerFromDir, useNodeBackend } from '../node/index.js';
import { PORTRAITS_LIST } from '../node/paths.js';
import { MAX_HINTS } from '../inference/hints.js';
import { colorizeWith, type ColorizeOptions } from '../inference/colorize.js';
import { fastGenerator, type FastGenerator } from '../inference/fast-inference.js';
import { cliArgs, fail, numberArg } from './args.js';

const USAGE = `usage: npm run eval -w packages/model -- --data <dir> [--weights <dir>] [--out <dir>] [--split file]

  --data dir       colour photos (JPEG/PNG); each is turned grey, colorized and compared with itself
  --weights dir    model.json folder (default: the shipped model)
  --out dir        write <name>.png (colorized, input size), grey/, truth/, index.html and sheet.png
  --split file     a split.json from training: evaluate its "validation" files only
  --packages a,b   only crops of these packages (crops are named <package>__<photo>__<k>.jpg)
  --portraits file file names of the crops with faces, one a line (# comments): their figures get
                   a line of their own (default: fixtures/holdout/portraits.txt, the package holdout's)
  --hints n        give a hints model n hints per photo: 6x6-pixel patches of the truth's mean
                   colour at random places (default 0: automatic)
  --seed s         seed of the hints; a photo's hints depend only on it and its name (default 0)
  --reach          instead of scores: how much one saturated hint per photo moves the colours near
                   it (within ${REACH_NEAR} model pixels) and far from it (${REACH_FAR} or more), a hints model only
  --saturation s   chroma scale (default 1)
  --filter r,eps   the L*-guided chroma filter's radius (model pixels) and eps, or "off" (default: colorize()'s)
  --mirror         average the generator's a*b* over the photo and its mirror (test-time mirroring)
  --sheet n        photos on sheet.png (default 16)`;

const { values } = cliArgs(USAGE, {
  data: { type: 'string' }, weights: { type: 'string' }, out: { type: 'string' }, split: { type: 'string' },
  saturation: { type: 'string' }, sheet: { type: 'string' }, packages: { type: 'string' }, hints: { type: 'string' }, seed: { type: 'string' },
  portraits: { type: 'string' }, reach: { type: 'boolean' }, filter: { type: 'string' }, mirror: { type: 'boolean' },
});
if (!values.data) fail(`--data is required.\n\n${USAGE}`, 2);
const dataDir = resolve(values.data);
const saturation = numberArg('saturation', values.saturation, 1, 0, 2);
const sheetCount = numberArg('sheet', values.sheet, 16, 0, 256);
const hintCount = numberArg('hints', values.hints, 0, 0, MAX_HINTS);
if (!Number.isInteger(hintCount)) fail(`--hints must be a whole number, got "${values.hints}".`, 2);
const seed = numberArg('seed', values.seed, 0, 0, 2 ** 31);
const chromaFilter = ((f): ColorizeOptions['chromaFilter'] => {
  if (f === undefined) return undefined;
  if (f === 'off') return false;
  const [radius, eps] = f.split(',').map(Number);
  if (radius === undefined || eps === undefined || !Number.isFinite(radius) || !Number.isFinite(eps)) fail(`--filter takes a radius and an eps, like 8,0.001, or off; got "${f}".`, 2);
  return { radius, eps };
})(values.filter);
let files = await listImages(dataDir).catch(() => fail(`${dataDir}: no such folder.`));
if (values.split) {
  const split = JSON.parse(await readFile(values.split, 'utf8')) as { validation?: string[] };
  const keep = new Set(split.validation ?? fail(`${values.split} has no "validation" list.`));
  files = files.filter((f) => keep.has(f));
}
if (values.packages !== undefined) {
  const packages = values.packages.split(',').map((p) => p.trim()).filter(Boolean);
  if (packages.length === 0) fail('--packages needs package names, like --packages kphotoalbum,gimp-help-en.', 2);
  files = files.filter((f) => packages.some((p) => f.startsWith(`${p}__`)));
  if (files.length === 0) fail(`no photos of ${packages.join(', ')} in ${dataDir} (crops are named <package>__<photo>__<k>.jpg).`);
}
if (files.length === 0) fail('no photos to evaluate.');
const portraitsFile = values.portraits ? resolve(values.portraits) : PORTRAITS_LIST;
const portraits = new Set((await readFile(portraitsFile, 'utf8').catch(() => fail(`${portraitsFile}: no such file.`)))
  .split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')));

await useNodeBackend();
const weights = values.weights ? resolve(values.weights) : DEFAULT_MODEL_DIR;
const colorizer = await loadColorizerFromDir(weights).catch((e: Error) => fail(`could not load ${weights}: ${e.message}`));
if ((hintCount > 0 || values.reach) && !colorizer.generator.config.hints) fail(`--${values.reach ? 'reach' : 'hints'}: the model in ${weights} was trained without colour hints.`, 2);
/** Test-time mirroring, as a lever to measure: the generator's a*b* averaged over its input and the input's mirror. */
const mirrored = (fast: FastGenerator): FastGenerator => ({
  source: fast.source,
  phases: fast.phases,
  apply: (x, run) => tf.tidy(() => tf.div(tf.add(fast.apply(x, run), tf.reverse(fast.apply(tf.reverse(x, 2), run), 2)), 2)),
  dispose: () => fast.dispose(),
});
const mirror = values.mirror ? mirrored(fastGenerator(colorizer.generator)) : undefined;
const subject = mirror ? { colorize: (image: Parameters<typeof colorizeWith>[1], o?: ColorizeOptions) => colorizeWith(mirror, image, o) } : colorizer;
const photos = await loadFolder(dataDir, files, (f, e) => console.warn(`skipping ${f}: ${e.message}`));
if (photos.length === 0) fail(`none of the ${files.length} photos in ${dataDir} could be read.`);

if (values.reach) {
  const reach = await hintReach(colorizer, photos, seed);
  console.log(`model ${colorizer.metadata.id} ${colorizer.metadata.version} on ${reach.photos} photos from ${dataDir}, one saturated hint each (seed ${seed})`);
  console.log(`a*b* moved near the hint (within ${REACH_NEAR} px): ${reach.near.toFixed(2)}`);
  console.log(`a*b* moved far from it (${REACH_FAR} px or more):  ${reach.far.toFixed(2)}`);
  console.log(`far / near: ${((100 * reach.far) / reach.near).toFixed(1)} %`);
  mirror?.dispose();
colorizer.dispose();
  process.exit(0);
}

const sheet: Parameters<typeof tileSheet>[0] = [];
// The sheet shows as many different source photos as it can: one crop of each first, then more.
const firsts = files.filter((f, i) => files.findIndex((g) => photoKey(g) === photoKey(f)) === i);
const onSheet = new Set([...firsts, ...files.filter((f) => !firsts.includes(f))].slice(0, sheetCount));
if (values.out) for (const d of ['', 'grey', 'truth']) await mkdir(join(values.out, d), { recursive: true });

let n = 0;
const { rows, ...table } = await evaluate(subject, photos, { saturation, hints: hintCount, seed, ...(chromaFilter === undefined ? {} : { chromaFilter }) }, async ({ file }, { grey, out, truth }) => {
  if (onSheet.has(file)) sheet.push(grey, out, truth);
  if (values.out) {
    const name = `${basename(file, extname(file))}.png`;
    await writeFile(join(values.out, name), await encodeImage(out, 'png'));
    await writeFile(join(values.out, 'grey', name), await encodeImage(grey, 'png'));
    await writeFile(join(values.out, 'truth', name), await encodeImage(truth, 'png'));
  }
  process.stderr.write(`\r${++n}/${photos.length}`);
});
process.stderr.write('\n');

const f = (x: number, d: number) => x.toFixed(d).padStart(9);
/** The table of one summary; chroma noise is the high-frequency share of a*b* (grey has none). */
function print(s: Summary): void {
  const noise = { model: chromaNoiseShare(s.model.chroma), truth: chromaNoiseShare(s.truthChroma) };
  console.log('              PSNR dB      SSIM  CIEDE2000  colourfulness  chroma noise');
  console.log(`model       ${f(s.model.psnr, 2)} ${f(s.model.ssim, 4)} ${f(s.model.ciede2000, 2)}  ${f(s.model.colourfulness, 2)}      ${f(noise.model, 4)}`);
  console.log(`grey        ${f(s.grey.psnr, 2)} ${f(s.grey.ssim, 4)} ${f(s.grey.ciede2000, 2)}  ${f(s.grey.colourfulness, 2)}`);
  console.log(`truth                                       ${f(s.truthColourfulness, 2)}      ${f(noise.truth, 4)}`);
  console.log(`colourfulness: model / truth = ${((100 * s.model.colourfulness) / s.truthColourfulness).toFixed(1)} %; ` +
    `chroma noise: model / truth = ${(noise.model / noise.truth).toFixed(2)} (mean |ab| ${s.model.chroma.chroma.toFixed(2)} / ${s.truthChroma.chroma.toFixed(2)})`);
}
const lever = [saturation === 1 ? '' : `saturation ${saturation}`, chromaFilter === undefined ? '' : `chroma filter ${chromaFilter ? `${chromaFilter.radius},${chromaFilter.eps}` : 'off'}`, mirror ? 'mirrored' : '']
  .filter(Boolean).join(', ');
console.log(`model ${colorizer.metadata.id} ${colorizer.metadata.version} on ${rows.length} photos from ${dataDir}, ${hintCount ? `${hintCount} hints per photo (seed ${seed})` : 'no hints'}${lever ? `; ${lever}` : ''}`);
print(table);
const faces = rows.filter((r) => portraits.has(basename(r.file)));
if (faces.length > 0) {
  console.log(`\nportraits: the ${faces.length} of these photos listed in ${portraitsFile}`);
  print(summarize(faces));
}

if (values.out) {
  await writeFile(join(values.out, 'metrics.json'), JSON.stringify({ ...table, rows }, null, 1));
  if (sheet.length) await writeFile(join(values.out, 'sheet.png'), await encodeImage(tileSheet(sheet, 6, 128), 'png'));
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const cells = rows.map((r) => {
    const name = esc(`${basename(r.file, extname(r.file))}.png`);
    return `<tr><td><img src="grey/${name}" alt="grey"></td><td><img src="${name}" alt="colorized"></td><td><img src="truth/${name}" alt="original"></td>` +
      `<td>${esc(r.file)}<br>PSNR ${r.model.psnr.toFixed(2)} dB (grey ${r.grey.psnr.toFixed(2)})<br>SSIM ${r.model.ssim.toFixed(3)}<br>` +
      `CIEDE2000 ${r.model.ciede2000.toFixed(2)}<br>colourfulness ${r.model.colourfulness.toFixed(1)} / ${r.truthColourfulness.toFixed(1)}<br>` +
      `chroma noise ${chromaNoiseShare(r.model.chroma).toFixed(3)} / ${chromaNoiseShare(r.truthChroma).toFixed(3)}</td></tr>`;
  });
  await writeFile(join(values.out, 'index.html'), `<!doctype html><meta charset="utf-8"><title>Colorize evaluation</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem}img{width:192px;height:auto;display:block}td{padding:4px;vertical-align:top}</style>
<h1>${esc(String(colorizer.metadata.id))} ${esc(String(colorizer.metadata.version))}: ${rows.length} photos</h1>
<pre>${esc(JSON.stringify(table, null, 1))}</pre>
<table><tr><th>grey input</th><th>colorized</th><th>original</th><th>scores</th></tr>
${cells.join('\n')}
</table>\n`);
  console.log(`wrote ${rows.length} images, index.html, sheet.png and metrics.json to ${values.out}`);
}
mirror?.dispose();
colorizer.dispose();
