/**
 * npm run eval -w packages/model -- --data <dir> [--weights <dir>] [--out <dir>] [--split split.json] [--hints n --seed s] [--packages a,b] [--reach]
 *
 * Colorizes the grey version of every photo and scores it against the photo: mean PSNR, SSIM,
 * CIEDE2000 and colourfulness, for the model and for the grey baseline (L with a = b = 0).
 * With --hints, a hints model gets n hints per photo sampled from the truth (sampleHints).
 * With --reach, it measures instead how far one hint's colour spreads (hintReach).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { evaluate, hintReach, REACH_FAR, REACH_NEAR } from '../metrics/index.js';
import { tileSheet } from '../photo/sheet.js';
import { listImages, loadFolder } from '../node/dataset.js';
import { photoKey } from '../training/photos.js';
import { DEFAULT_MODEL_DIR, encodeImage, loadColorizerFromDir, useNodeBackend } from '../node/index.js';
import { MAX_HINTS } from '../inference/hints.js';
import { cliArgs, fail, numberArg } from './args.js';

const USAGE = `usage: npm run eval -w packages/model -- --data <dir> [--weights <dir>] [--out <dir>] [--split file]

  --data dir       colour photos (JPEG/PNG); each is turned grey, colorized and compared with itself
  --weights dir    model.json folder (default: the shipped model)
  --out dir        write <name>.png (colorized, input size), grey/, truth/, index.html and sheet.png
  --split file     a split.json from training: evaluate its "validation" files only
  --packages a,b   only crops of these packages (crops are named <package>__<photo>__<k>.jpg)
  --hints n        give a hints model n hints per photo: 6x6-pixel patches of the truth's mean
                   colour at random places (default 0: automatic)
  --seed s         seed of the hints; a photo's hints depend only on it and its name (default 0)
  --reach          instead of scores: how much one saturated hint per photo moves the colours near
                   it (within ${REACH_NEAR} model pixels) and far from it (${REACH_FAR} or more), a hints model only
  --saturation s   chroma scale (default 1)
  --sheet n        photos on sheet.png (default 16)`;

const { values } = cliArgs(USAGE, {
  data: { type: 'string' }, weights: { type: 'string' }, out: { type: 'string' }, split: { type: 'string' },
  saturation: { type: 'string' }, sheet: { type: 'string' }, packages: { type: 'string' }, hints: { type: 'string' }, seed: { type: 'string' },
  reach: { type: 'boolean' },
});
if (!values.data) fail(`--data is required.\n\n${USAGE}`, 2);
const dataDir = resolve(values.data);
const saturation = numberArg('saturation', values.saturation, 1, 0, 2);
const sheetCount = numberArg('sheet', values.sheet, 16, 0, 256);
const hintCount = numberArg('hints', values.hints, 0, 0, MAX_HINTS);
if (!Number.isInteger(hintCount)) fail(`--hints must be a whole number, got "${values.hints}".`, 2);
const seed = numberArg('seed', values.seed, 0, 0, 2 ** 31);
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

await useNodeBackend();
const weights = values.weights ? resolve(values.weights) : DEFAULT_MODEL_DIR;
const colorizer = await loadColorizerFromDir(weights).catch((e: Error) => fail(`could not load ${weights}: ${e.message}`));
if ((hintCount > 0 || values.reach) && !colorizer.generator.config.hints) fail(`--${values.reach ? 'reach' : 'hints'}: the model in ${weights} was trained without colour hints.`, 2);
const photos = await loadFolder(dataDir, files, (f, e) => console.warn(`skipping ${f}: ${e.message}`));
if (photos.length === 0) fail(`none of the ${files.length} photos in ${dataDir} could be read.`);

if (values.reach) {
  const reach = await hintReach(colorizer, photos, seed);
  console.log(`model ${colorizer.metadata.id} ${colorizer.metadata.version} on ${reach.photos} photos from ${dataDir}, one saturated hint each (seed ${seed})`);
  console.log(`a*b* moved near the hint (within ${REACH_NEAR} px): ${reach.near.toFixed(2)}`);
  console.log(`a*b* moved far from it (${REACH_FAR} px or more):  ${reach.far.toFixed(2)}`);
  console.log(`far / near: ${((100 * reach.far) / reach.near).toFixed(1)} %`);
  colorizer.dispose();
  process.exit(0);
}

const sheet: Parameters<typeof tileSheet>[0] = [];
// The sheet shows as many different source photos as it can: one crop of each first, then more.
const firsts = files.filter((f, i) => files.findIndex((g) => photoKey(g) === photoKey(f)) === i);
const onSheet = new Set([...firsts, ...files.filter((f) => !firsts.includes(f))].slice(0, sheetCount));
if (values.out) for (const d of ['', 'grey', 'truth']) await mkdir(join(values.out, d), { recursive: true });

let n = 0;
const { rows, ...table } = await evaluate(colorizer, photos, { saturation, hints: hintCount, seed }, async ({ file }, { grey, out, truth }) => {
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
console.log(`model ${colorizer.metadata.id} ${colorizer.metadata.version} on ${rows.length} photos from ${dataDir}, ${hintCount ? `${hintCount} hints per photo (seed ${seed})` : 'no hints'}`);
console.log('              PSNR dB      SSIM  CIEDE2000  colourfulness');
console.log(`model       ${f(table.model.psnr, 2)} ${f(table.model.ssim, 4)} ${f(table.model.ciede2000, 2)}  ${f(table.model.colourfulness, 2)}`);
console.log(`grey        ${f(table.grey.psnr, 2)} ${f(table.grey.ssim, 4)} ${f(table.grey.ciede2000, 2)}  ${f(table.grey.colourfulness, 2)}`);
console.log(`truth                                       ${f(table.truthColourfulness, 2)}`);
console.log(`colourfulness: model / truth = ${((100 * table.model.colourfulness) / table.truthColourfulness).toFixed(1)} %`);

if (values.out) {
  await writeFile(join(values.out, 'metrics.json'), JSON.stringify({ ...table, rows }, null, 1));
  if (sheet.length) await writeFile(join(values.out, 'sheet.png'), await encodeImage(tileSheet(sheet, 6, 128), 'png'));
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const cells = rows.map((r) => {
    const name = esc(`${basename(r.file, extname(r.file))}.png`);
    return `<tr><td><img src="grey/${name}" alt="grey"></td><td><img src="${name}" alt="colorized"></td><td><img src="truth/${name}" alt="original"></td>` +
      `<td>${esc(r.file)}<br>PSNR ${r.model.psnr.toFixed(2)} dB (grey ${r.grey.psnr.toFixed(2)})<br>SSIM ${r.model.ssim.toFixed(3)}<br>` +
      `CIEDE2000 ${r.model.ciede2000.toFixed(2)}<br>colourfulness ${r.model.colourfulness.toFixed(1)} / ${r.truthColourfulness.toFixed(1)}</td></tr>`;
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
colorizer.dispose();
