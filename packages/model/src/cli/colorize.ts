/** colorize <in> <out> [--weights dir] [--saturation s]: files or whole folders of JPEG/PNG. */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { decodeImage, DEFAULT_MODEL_DIR, encodeImage, loadColorizerFromDir, useNodeBackend, type ImageFormat } from '../node/index.js';
import { cliArgs, fail, numberArg } from './args.js';
import { progress } from './progress.js';

const USAGE = `usage: colorize <in> <out> [--weights dir] [--saturation s] [--quality q]

  <in>, <out>     a JPEG or PNG file and the file to write (format from its extension),
                  or a folder of them and a folder to write into (same names, same formats)
  --weights dir   a folder with model.json (default: the shipped model)
  --saturation s  chroma scale, 0 (grey) to 2 (default 1)
  --quality q     JPEG quality 1-100 (default 90)`;

const FORMATS: Record<string, ImageFormat> = { '.jpg': 'jpeg', '.jpeg': 'jpeg', '.png': 'png' };

function formatOf(path: string): ImageFormat {
  const f = FORMATS[extname(path).toLowerCase()];
  if (!f) fail(`${path}: the output must end in .jpg, .jpeg or .png.`, 2);
  return f;
}

const { values, positionals } = cliArgs(USAGE, {
  weights: { type: 'string' },
  saturation: { type: 'string' },
  quality: { type: 'string' },
});
if (positionals.length !== 2) fail(`expected <in> and <out>.\n\n${USAGE}`, 2);
const [input, output] = positionals as [string, string];
const saturation = numberArg('saturation', values.saturation, 1, 0, 2);
const quality = numberArg('quality', values.quality, 90, 1, 100);

const info = await stat(input).catch(() => fail(`${input}: no such file or folder.`));
await useNodeBackend();
const colorizer = await loadColorizerFromDir(values.weights ?? DEFAULT_MODEL_DIR).catch((e: Error) =>
  fail(`could not load the model from ${values.weights ?? DEFAULT_MODEL_DIR}: ${e.message}`),
);

async function one(from: string, to: string): Promise<void> {
  const image = await decodeImage(await readFile(from));
  const out = await colorizer.colorize(image, { saturation });
  await writeFile(to, await encodeImage(out, formatOf(to), quality));
}

if (info.isDirectory()) {
  const files = (await readdir(input)).filter((f) => FORMATS[extname(f).toLowerCase()]).sort();
  if (files.length === 0) fail(`${input}: no .jpg, .jpeg or .png files.`);
  await mkdir(output, { recursive: true });
  const bar = progress('colorize', files.length);
  const failed: string[] = [];
  for (const [i, f] of files.entries()) {
    bar.update(i, f);
    // One bad file must not lose the rest of the folder: note it and go on.
    await one(join(input, f), join(output, basename(f))).catch((e: Error) => failed.push(`${f}: ${e.message}`));
  }
  bar.update(files.length);
  bar.stop();
  console.log(`${files.length - failed.length} colorized into ${output}`);
  if (failed.length) fail(`${failed.length} failed:\n  ${failed.join('\n  ')}`);
} else {
  formatOf(output);
  await one(input, output).catch((e: Error) => fail(`${input}: ${e.message}`));
  console.log(`wrote ${output}`);
}
colorizer.dispose();
