/**
 * npm run quantize -w packages/model -- --in <dir> --out <dir> [--dtype uint8|float16] [--photos <dir>]
 *
 * Rewrites a model's weights with tfjs's quantization and, given photos, says how far the
 * quantized model's colorizations drift from the original's (PSNR between the two outputs).
 */
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Colorizer } from '../inference/colorize.js';
import { psnr } from '../metrics/psnr.js';
import { toGrey } from '../photo/sheet.js';
import { loadModel, saveModel, type WeightDtype } from '../inference/weights.js';
import { listImages, loadFolder } from '../node/dataset.js';
import { useNodeBackend } from '../node/index.js';
import { cliArgs, fail } from './args.js';

const USAGE = `usage: npm run quantize -w packages/model -- --in <dir> --out <dir> [--dtype uint8|float16] [--photos <dir>] [--id s --version s]`;
const { values } = cliArgs(USAGE, {
  in: { type: 'string' }, out: { type: 'string' }, dtype: { type: 'string' }, photos: { type: 'string' },
  id: { type: 'string' }, version: { type: 'string' },
});
if (!values.in || !values.out) fail(`--in and --out are required.\n\n${USAGE}`, 2);
const dtype = (values.dtype ?? 'uint8') as WeightDtype;
if (!['uint8', 'float16', 'float32'].includes(dtype)) fail('--dtype must be uint8, float16 or float32.', 2);

await useNodeBackend();
const source = resolve(values.in);
const { model, extra } = await loadModel(`file://${source}`).catch((e: Error) => fail(`${source}: ${e.message}`));
Object.values(extra).forEach((t) => t.dispose());
if (values.id) model.metadata.id = values.id;
if (values.version) model.metadata.version = values.version;
const out = resolve(values.out);
// A critic in the file (the shipped model's, which fine-tunes start from) stays in it.
await saveModel(model, `file://${out}`, { dtype, includeDiscriminator: Boolean(model.discriminator) });
// The model's own files only: the folder may also hold a model card or a sample sheet.
const bytes = async (dir: string) => {
  const manifest = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as { weightsManifest: { paths: string[] }[] };
  let n = 0;
  for (const f of ['model.json', ...manifest.weightsManifest.flatMap((g) => g.paths)]) n += (await stat(join(dir, f))).size;
  return n;
};
console.log(`${dtype}: ${(await bytes(out) / 1e6).toFixed(2)} MB in ${out} (from ${(await bytes(source) / 1e6).toFixed(2)} MB)`);

if (values.photos) {
  const dir = resolve(values.photos);
  const photos = await loadFolder(dir, await listImages(dir), () => {});
  const original = new Colorizer(model.generator, model.metadata);
  const quantized = new Colorizer((await loadModel(`file://${out}`)).model.generator, model.metadata);
  const scores: number[] = [];
  for (const { image } of photos) {
    const grey = toGrey(image);
    scores.push(psnr(await original.colorize(grey), await quantized.colorize(grey)));
  }
  scores.sort((a, b) => a - b);
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  console.log(`drift from float32 on ${scores.length} photos: PSNR mean ${mean.toFixed(2)} dB, worst ${scores[0]!.toFixed(2)} dB, median ${scores[scores.length >> 1]!.toFixed(2)} dB`);
}
