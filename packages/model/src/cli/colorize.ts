/** colorize <in> <out> [--weights dir] [--saturation s] [--hint x,y,#rrggbb …] [--hints file]: files or whole folders of JPEG/PNG. */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { ColorizeError } from '../errors.js';
import type { Hint } from '../inference/hints.js';
import { decodeImage, DEFAULT_MODEL_DIR, encodeImage, loadColorizerFromDir, useNodeBackend, type ImageFormat } from '../node/index.js';
import { cliArgs, fail, numberArg, oneLine } from './args.js';
import { progress } from './progress.js';

const USAGE = `usage: colorize <in> <out> [--weights dir] [--saturation s] [--quality q] [--hint x,y,#rrggbb[,size] …] [--hints file]

  <in>, <out>     a JPEG or PNG file and the file to write (format from its extension),
                  or a folder of them and a folder to write into (same names, same formats)
  --weights dir   a folder with model.json (default: the shipped model)
  --saturation s  chroma scale, 0 (grey) to 2 (default 1)
  --quality q     JPEG quality 1-100 (default 90)
  --hint x,y,#rrggbb[,size]
                  a colour hint (for a model that takes them): this colour at pixel x, y of the
                  photo as it is seen, over a square of size pixels (default: a small dot);
                  repeat for more (at most 64)
  --hints file    the hints as a JSON list: [{"x": 120, "y": 80, "color": "#c0392b"}, …]
                  For a folder, <photo>.hints.json beside a photo is used when it is there.`;

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
  hint: { type: 'string', multiple: true },
  hints: { type: 'string' },
});
if (positionals.length !== 2) fail(`expected <in> and <out>.\n\n${USAGE}`, 2);
const [input, output] = positionals as [string, string];
const saturation = numberArg('saturation', values.saturation, 1, 0, 2);
const quality = numberArg('quality', values.quality, 90, 1, 100);
if (values.hint && values.hints) fail('give hints with --hint or with --hints, not both.', 2);

const NUMBER = /^\s*\d+(?:\.\d+)?\s*$/;
/** One --hint x,y,#rrggbb[,size]; its values are checked against the photo by colorize() (checkHints). */
function parseHint(text: string, i: number): Hint {
  const parts = text.split(',');
  const [x, y, color, size] = parts;
  if (parts.length < 3 || parts.length > 4 || ![x, y, size ?? '0'].every((v) => NUMBER.test(v!))) {
    fail(`Hint ${i + 1} (--hint ${text}): expected x,y,#rrggbb or x,y,#rrggbb,size with x, y and size in pixels, like --hint 120,80,#c0392b.`, 2);
  }
  return { x: Number(x), y: Number(y), color: color!.trim(), ...(size === undefined ? {} : { size: Number(size) }) };
}

/** A hints file's list, unchecked (colorize() checks it against the photo). */
async function readHints(path: string): Promise<unknown> {
  const text = await readFile(path, 'utf8').catch(() => fail(`${path}: no such hints file.`));
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new ColorizeError('invalid_hints', `${path} is not JSON: ${oneLine(e)}`);
  }
}

const info = await stat(input).catch(() => fail(`${input}: no such file or folder.`));
if (info.isDirectory() && (values.hint || values.hints)) fail('--hint and --hints are for one photo; for a folder, put <photo>.hints.json beside each photo.', 2);
const flagHints = values.hint?.map(parseHint);
await useNodeBackend();
const colorizer = await loadColorizerFromDir(values.weights ?? DEFAULT_MODEL_DIR).catch((e: Error) =>
  fail(`could not load the model from ${values.weights ?? DEFAULT_MODEL_DIR}: ${e.message}`),
);

/**
 * @param hints Hints as given (checked against the photo by colorize()), or none.
 * @param hintsFile Where the hints came from, named in an error about them.
 */
async function one(from: string, to: string, hints?: unknown, hintsFile?: string): Promise<void> {
  const image = await decodeImage(await readFile(from));
  const out = await colorizer.colorize(image, { saturation, ...(hints === undefined ? {} : { hints: hints as Hint[] }) }).catch((e: unknown) => {
    if (hintsFile && e instanceof ColorizeError && e.code === 'invalid_hints') throw new ColorizeError(e.code, `${hintsFile}: ${e.message}`);
    throw e;
  });
  await writeFile(to, await encodeImage(out, formatOf(to), quality));
}

/** The hints file beside a photo in a folder (photo.jpg -> photo.hints.json), if there is one. */
const hintsBeside = (photo: string) => join(input, `${basename(photo, extname(photo))}.hints.json`);

if (info.isDirectory()) {
  const files = (await readdir(input)).filter((f) => FORMATS[extname(f).toLowerCase()]).sort();
  if (files.length === 0) fail(`${input}: no .jpg, .jpeg or .png files.`);
  await mkdir(output, { recursive: true });
  const bar = progress('colorize', files.length);
  const failed: string[] = [];
  for (const [i, f] of files.entries()) {
    bar.update(i, f);
    // One bad file must not lose the rest of the folder: note it and go on.
    const hintsFile = hintsBeside(f);
    const hints = existsSync(hintsFile) ? readHints(hintsFile) : Promise.resolve(undefined);
    await hints.then((h) => one(join(input, f), join(output, basename(f)), h, h === undefined ? undefined : basename(hintsFile)))
      .catch((e: Error) => failed.push(`${f}: ${oneLine(e)}`));
  }
  bar.update(files.length);
  bar.stop();
  console.log(`${files.length - failed.length} colorized into ${output}`);
  if (failed.length) fail(`${failed.length} failed:\n  ${failed.join('\n  ')}`);
} else {
  formatOf(output);
  const hints = values.hints ? await readHints(values.hints).catch((e: Error) => fail(oneLine(e))) : flagHints;
  await one(input, output, hints, values.hints).catch((e: Error) => fail(`${input}: ${oneLine(e)}`));
  console.log(`wrote ${output}`);
}
colorizer.dispose();
