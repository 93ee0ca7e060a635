import { spawnSync } from 'node:child_process';
import { copyFile, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../node/codecs.js';
import '../node/index.js';
import { createGenerator } from '../network/unet.js';
import { saveModel } from '../inference/weights.js';
import { FIXTURES } from '../test-fixtures.js';

const PKG = fileURLToPath(new URL('../..', import.meta.url));
const PHOTOS = `${FIXTURES}photos/`;

/** The commands as a user runs them: plain Node on the built files (`npm test` builds first). */
function cli(script: string, args: string[]) {
  const r = spawnSync(process.execPath, ['bin/colorize.mjs', script, ...args], { cwd: PKG, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

let weights = '';
/** A tiny model that takes hints: random, but its output moves with them. */
let hinted = '';
let work = '';
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'cli-'));
  weights = join(work, 'model');
  hinted = join(work, 'hinted');
  await saveModel({ generator: createGenerator({ ngf: 4, innermostNorm: false }, 1), metadata: { id: 'tiny', version: '0' } }, `file://${weights}`, { dtype: 'uint8' });
  await saveModel({ generator: createGenerator({ ngf: 4, innermostNorm: false, hints: true, inChannels: 4 }, 1), metadata: { id: 'tiny-hints', version: '0' } }, `file://${hinted}`, { dtype: 'uint8' });
});

describe('colorize command line', () => {
  it('colorizes a JPEG into a PNG of the same size', async () => {
    const out = join(work, 'one.png');
    const r = cli('colorize', [`${PHOTOS}bw-sample.jpg`, out, '--weights', weights, '--saturation', '1.5']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const image = await decodeImage(await readFile(out));
    expect([image.width, image.height]).toEqual([256, 256]);
  });

  it('does a whole folder, and one corrupt file does not cost the others', async () => {
    const dir = join(work, 'in');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(dir);
    await copyFile(`${PHOTOS}bw-sample.jpg`, join(dir, 'a.jpg'));
    await copyFile(`${PHOTOS}gcompris-qt-data__cat__5.jpg`, join(dir, 'b.jpg'));
    await writeFile(join(dir, 'broken.jpg'), 'not a jpeg at all');
    const r = cli('colorize', [dir, join(work, 'out'), '--weights', weights]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('broken.jpg');
    expect((await readdir(join(work, 'out'))).sort()).toEqual(['a.jpg', 'b.jpg']);
  });

  it('takes hints from --hint flags or a --hints file, the same either way, and they change the colours', async () => {
    const [plain, flags, file] = ['plain.png', 'flags.png', 'file.png'].map((f) => join(work, f)) as [string, string, string];
    const hints = join(work, 'hints.json');
    await writeFile(hints, JSON.stringify([{ x: 120, y: 80, color: '#c0392b' }, { x: 30, y: 200, color: '#2e86c1', size: 12 }]));
    expect(cli('colorize', [`${PHOTOS}bw-sample.jpg`, plain, '--weights', hinted]).code).toBe(0);
    const r = cli('colorize', [`${PHOTOS}bw-sample.jpg`, flags, '--weights', hinted, '--hint', '120,80,#c0392b', '--hint', '30,200,#2e86c1,12']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(cli('colorize', [`${PHOTOS}bw-sample.jpg`, file, '--weights', hinted, '--hints', hints]).code).toBe(0);
    const [a, b, c] = await Promise.all([plain, flags, file].map((f) => readFile(f)));
    expect(b!.equals(c!)).toBe(true);
    expect(a!.equals(b!)).toBe(false);
  });

  it('says in one line which hint is wrong and why, and exits non-zero', async () => {
    const photo = `${PHOTOS}bw-sample.jpg`;
    const out = join(work, 'bad-hint.png');
    const bad = join(work, 'bad-hints.json');
    await writeFile(bad, JSON.stringify([{ x: 1, y: 1, color: '#fff' }, { x: 1, y: 1, color: 'red' }]));
    const notJson = join(work, 'not-json.json');
    await writeFile(notJson, '[{"x": 1,');
    for (const [args, code, words] of [
      [['--weights', hinted, '--hint', '300,80,#c0392b'], 1, /Hint 1: x must be a number from 0 to 255, inside the image \(256x256\), got 300/],
      [['--weights', hinted, '--hint', '1,1,#000', '--hint', '5,5,#12345'], 1, /Hint 2: color must be a hex colour/],
      [['--weights', hinted, '--hint', '5,5,#123456,0'], 1, /Hint 1: size must be a number of pixels/],
      [['--weights', hinted, '--hint', '1,2'], 2, /Hint 1 \(--hint 1,2\): expected x,y,#rrggbb/],
      [['--weights', hinted, '--hint', 'left,2,#fff'], 2, /Hint 1 \(--hint left,2,#fff\)/],
      [['--weights', hinted, '--hints', bad], 1, /bad-hints\.json: Hint 2: color must be a hex colour like "#c0392b", got "red"/],
      [['--weights', hinted, '--hints', notJson], 1, /not-json\.json is not JSON/],
      [['--weights', hinted, '--hints', join(work, 'nowhere.json')], 1, /nowhere\.json: no such hints file/],
      [['--weights', hinted, '--hints', bad, '--hint', '1,1,#fff'], 2, /not both/],
      [['--weights', weights, '--hint', '1,1,#c0392b'], 1, /trained without colour hints/],
    ] as const) {
      const r = cli('colorize', [photo, out, ...args]);
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.err, args.join(' ')).toMatch(words);
      expect(r.err.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });

  it('in a folder, uses <photo>.hints.json beside a photo, and a bad one costs only its photo', async () => {
    const { mkdir } = await import('node:fs/promises');
    const dir = join(work, 'hinted-in');
    await mkdir(dir);
    for (const f of ['a', 'b', 'c']) await copyFile(`${PHOTOS}bw-sample.jpg`, join(dir, `${f}.jpg`));
    await writeFile(join(dir, 'a.hints.json'), JSON.stringify([{ x: 120, y: 80, color: '#c0392b' }]));
    await writeFile(join(dir, 'c.hints.json'), JSON.stringify([{ x: 999, y: 80, color: '#c0392b' }]));
    const r = cli('colorize', [dir, join(work, 'hinted-out'), '--weights', hinted]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/c\.jpg: c\.hints\.json: Hint 1: x must be/);
    expect((await readdir(join(work, 'hinted-out'))).sort()).toEqual(['a.jpg', 'b.jpg']);
    // a.jpg got its hints, b.jpg none: each as the single-file command colours it.
    expect(cli('colorize', [join(dir, 'a.jpg'), join(work, 'a.jpg'), '--weights', hinted, '--hints', join(dir, 'a.hints.json')]).code).toBe(0);
    expect(cli('colorize', [join(dir, 'b.jpg'), join(work, 'b.jpg'), '--weights', hinted]).code).toBe(0);
    for (const f of ['a.jpg', 'b.jpg']) expect((await readFile(join(work, 'hinted-out', f))).equals(await readFile(join(work, f)))).toBe(true);
    expect(cli('colorize', [dir, join(work, 'x'), '--weights', hinted, '--hint', '1,1,#fff'])).toMatchObject({ code: 2, err: expect.stringContaining('.hints.json beside each photo') });
  });

  it('explains bad arguments', () => {
    expect(cli('colorize', [`${PHOTOS}bw-sample.jpg`, join(work, 'x.png'), '--saturation', '7'])).toMatchObject({ code: 2, err: expect.stringContaining('--saturation must be a number from 0 to 2') });
    expect(cli('colorize', [join(work, 'missing.jpg'), join(work, 'x.png')])).toMatchObject({ code: 1, err: expect.stringContaining('no such file') });
    expect(cli('colorize', [`${PHOTOS}bw-sample.jpg`, join(work, 'x.gif'), '--weights', weights])).toMatchObject({ code: 2, err: expect.stringContaining('.jpg, .jpeg or .png') });
  });
});

describe('train and eval command lines', () => {
  it('trains, checkpoints, resumes where it stopped, and evaluates the result', async () => {
    const out = join(work, 'run');
    const base = ['--data', PHOTOS, '--out', out, '--size', '32', '--ngf', '4', '--val', '0', '--ckpt-every', '2', '--sample-every', '2'];
    expect(cli('train', [...base, '--steps', '2']).code).toBe(0);
    const resumed = cli('train', [...base, '--steps', '3', '--resume']);
    expect(resumed.out).toContain('resumed from step 2');
    const log = (await readFile(join(out, 'log.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(log.map((l) => l.step)).toEqual([1, 2, 3]);
    expect(Object.keys(log[0])).toEqual(expect.arrayContaining(['genGan', 'genL1', 'discTotal']));
    expect(await readdir(join(out, 'samples'))).toContain('step-000002.png');
    const ev = cli('eval', ['--data', PHOTOS, '--weights', join(out, 'model'), '--out', join(work, 'eval')]);
    expect(ev.code).toBe(0);
    expect(ev.out).toMatch(/model\s+\d+\.\d+\s+\d\.\d{4}/);
    expect(ev.out).toMatch(/grey\s+\d+\.\d+/);
    expect(await readdir(join(work, 'eval'))).toEqual(expect.arrayContaining(['index.html', 'sheet.png', 'bw-sample.png', 'metrics.json']));
    const unreadable = await mkdtemp(join(work, 'unreadable-'));
    await writeFile(join(unreadable, 'a.jpg'), 'not a photo');
    expect(cli('eval', ['--data', unreadable, '--weights', join(out, 'model')])).toMatchObject({ code: 1, err: expect.stringContaining('none of the 1 photos') });
  });

  it('evaluates with n hints per photo sampled from the truth, on the packages asked for; --hints 0 is the automatic evaluation', async () => {
    const metrics = async (dir: string) => JSON.parse(await readFile(join(dir, 'metrics.json'), 'utf8'));
    const base = ['--data', PHOTOS, '--weights', hinted, '--packages', 'gcompris-qt-data,tuxpaint-data'];
    const [none, zero, four] = ['ev-none', 'ev-zero', 'ev-four'].map((d) => join(work, d)) as [string, string, string];
    expect(cli('eval', [...base, '--out', none]).code).toBe(0);
    expect(cli('eval', [...base, '--out', zero, '--hints', '0']).code).toBe(0);
    const r = cli('eval', [...base, '--out', four, '--hints', '4', '--seed', '2']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('on 3 photos');
    expect(r.out).toContain('4 hints per photo (seed 2)');
    expect(await metrics(zero)).toEqual(await metrics(none));
    const hintedRun = await metrics(four);
    expect(hintedRun).toMatchObject({ photos: 3, hints: 4, seed: 2 });
    expect(hintedRun.rows.map((row: { file: string; hints: unknown[] }) => [row.file.split('__')[0], row.hints.length])).toEqual([['gcompris-qt-data', 4], ['gcompris-qt-data', 4], ['tuxpaint-data', 4]]);
    expect(hintedRun.model.psnr).not.toBe((await metrics(none)).model.psnr);
    expect(cli('eval', ['--data', PHOTOS, '--weights', weights, '--hints', '3'])).toMatchObject({ code: 2, err: expect.stringContaining('trained without colour hints') });
    expect(cli('eval', ['--data', PHOTOS, '--weights', hinted, '--hints', '1.5'])).toMatchObject({ code: 2, err: expect.stringContaining('whole number') });
    expect(cli('eval', ['--data', PHOTOS, '--weights', hinted, '--packages', 'kphotoalbum'])).toMatchObject({ code: 1, err: expect.stringContaining('no photos of kphotoalbum') });
  });

  it('prints chroma noise and a portraits line, measures the chroma filter (--filter) and mirroring (--mirror), and refuses a malformed --filter', async () => {
    const metrics = async (dir: string) => JSON.parse(await readFile(join(dir, 'metrics.json'), 'utf8'));
    const list = join(work, 'portraits.txt');
    await writeFile(list, '# the crops with faces\ngcompris-qt-data__cat__5.jpg\n');
    const base = ['--data', PHOTOS, '--weights', weights, '--packages', 'gcompris-qt-data', '--portraits', list];
    const [plain, off, mirrored] = ['ev-plain', 'ev-off', 'ev-mirror'].map((d) => join(work, d)) as [string, string, string];
    const r = cli('eval', [...base, '--out', plain]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/colourfulness\s+chroma noise\nmodel(\s+\d+\.\d+){5}\n/);
    expect(r.out).toMatch(/chroma noise: model \/ truth = \d+\.\d\d/);
    expect(r.out).toContain(`portraits: the 1 of these photos listed in ${list}`);
    expect(cli('eval', [...base, '--out', off, '--filter', 'off']).out).toContain('on 2 photos');
    expect(cli('eval', [...base, '--out', mirrored, '--mirror', '--filter', '2,0.1']).out).toContain('chroma filter 2,0.1, mirrored');
    const [p, o, m] = await Promise.all([metrics(plain), metrics(off), metrics(mirrored)]);
    // The filter smooths a*b*: less of it is high-frequency than without it.
    expect(p.model.chroma.noise).toBeLessThan(o.model.chroma.noise);
    expect(m.model.psnr).not.toBe(p.model.psnr);
    expect(p.truthChroma).toEqual(o.truthChroma);
    expect(cli('eval', [...base, '--filter', 'wide'])).toMatchObject({ code: 2, err: expect.stringContaining('--filter takes a radius and an eps') });
  });

  it('measures how far one hint reaches with --reach, for a hints model only', () => {
    const r = cli('eval', ['--data', PHOTOS, '--weights', hinted, '--packages', 'gcompris-qt-data', '--reach', '--seed', '3']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('on 2 photos');
    expect(r.out).toMatch(/moved near the hint \(within 8 px\): \d+\.\d\d\n/);
    expect(r.out).toMatch(/moved far from it \(96 px or more\): +\d+\.\d\d\n/);
    expect(cli('eval', ['--data', PHOTOS, '--weights', weights, '--reach'])).toMatchObject({ code: 2, err: expect.stringContaining('--reach: the model') });
  });

  it('trains a new model that takes hints with --hints, and refuses --hints for a model without them', async () => {
    const out = join(work, 'hints-run');
    expect(cli('train', ['--data', PHOTOS, '--out', out, '--size', '32', '--ngf', '4', '--val', '0', '--steps', '1', '--hints']).code).toBe(0);
    const topology = JSON.parse(await readFile(join(out, 'model', 'model.json'), 'utf8')).modelTopology;
    expect(topology.generator).toMatchObject({ hints: true, inChannels: 4 });
    const plain = cli('train', ['--data', PHOTOS, '--out', join(work, 'x'), '--init', weights, '--hints', '--steps', '1']);
    expect(plain).toMatchObject({ code: 2, err: expect.stringContaining('takes no hints') });
  });

  it("sets BatchNorm's inference mode from the batch size, and a fine-tune keeps its starting model's", async () => {
    const normalization = async (dir: string) => JSON.parse(await readFile(join(dir, 'model', 'model.json'), 'utf8')).modelTopology.generator.normalization;
    const base = ['--data', PHOTOS, '--size', '32', '--ngf', '4', '--val', '0', '--steps', '1'];
    const [batch2, fineTuned] = [join(work, 'batch2'), join(work, 'fine-tuned')];
    expect(cli('train', [...base, '--out', batch2, '--batch', '2']).code).toBe(0);
    expect(await normalization(batch2)).toBe('moving');
    expect(cli('train', [...base, '--out', fineTuned, '--init', join(batch2, 'model')]).code).toBe(0);
    expect(await normalization(fineTuned)).toBe('moving');
  });
});

describe('finetune command line', () => {
  /** A small 'moving' model saved as the shipped one is: no critic. */
  async function smallModel(): Promise<string> {
    const dir = join(work, `small-${Math.random().toString(36).slice(2)}`);
    const generator = createGenerator({ size: 32, depth: 5, ngf: 4, innermostNorm: false, normalization: 'moving' }, 3);
    await saveModel({ generator, metadata: { id: 'small', version: '0' } }, `file://${dir}`, { dtype: 'uint8' });
    generator.params.forEach((v) => v.dispose());
    return dir;
  }
  const tensorNames = async (dir: string) => JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')).weightsManifest[0].weights.map((w: { name: string }) => w.name) as string[];

  it('fine-tunes a model on a folder of photos and writes the model and a before/after report', async () => {
    const out = join(work, 'tuned');
    // Four colour photos: under ten, so a strip of every one judges.
    const four = await mkdtemp(join(work, 'four-'));
    for (const name of (await readdir(PHOTOS)).filter((f) => f.includes('__'))) await copyFile(join(PHOTOS, name), join(four, name));
    const r = cli('finetune', ['--data', four, '--out', out, '--weights', await smallModel(), '--steps', '3']);
    expect(r.err).not.toMatch(/^error:/m); // progress lines only
    expect(r.code).toBe(0);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    expect(report).toMatchObject({ steps: 3, recipe: { freezeStatistics: true } });
    // Few photos: a strip of every one judges; the world's judge scores the shipped set.
    expect(report.photos).toMatchObject({ mode: 'strips', heldOut: 4 });
    expect(report.heldOut.after.psnr).toBeGreaterThanOrEqual(report.heldOut.before.psnr);
    expect(report.world.before.psnr).toBeGreaterThan(0);
    const md = await readFile(join(out, 'report.md'), 'utf8');
    expect(md).toMatch(/\| your photos: PSNR .* \| \d+\.\d\d \| \d+\.\d\d \|/);
    expect(md).toMatch(/\| other photos: PSNR .* \| \d+\.\d\d \| \d+\.\d\d \|/);
    expect(r.out).toMatch(/^on unseen parts of your photos: PSNR \d+\.\d\d -> \d+\.\d\d dB/m);
    expect(r.out).toMatch(/^on other photos: PSNR \d+\.\d\d -> \d+\.\d\d dB/m);
    expect((await tensorNames(join(out, 'model'))).every((n) => n.startsWith('generator/'))).toBe(true);
  });

  it('trains a critic alone to ship beside a model, which a fine-tune then starts from', async () => {
    const out = join(work, 'critic');
    const r = cli('train', ['--data', PHOTOS, '--out', out, '--init', await smallModel(), '--critic-only', '--critic-steps', '2']);
    expect(r.code).toBe(0);
    const names = await tensorNames(join(out, 'model'));
    expect(names.some((n) => n.startsWith('discriminator/'))).toBe(true);
    expect(names.some((n) => n.startsWith('generator/'))).toBe(true);
    expect(cli('finetune', ['--data', PHOTOS, '--out', join(work, 'tuned-with-critic'), '--weights', join(out, 'model'), '--steps', '1']).code).toBe(0);
  });

  it('says in one line what is wrong with its input', async () => {
    const grey = join(work, 'grey');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(grey);
    await copyFile(`${PHOTOS}bw-sample.jpg`, join(grey, 'a.jpg'));
    await copyFile(`${PHOTOS}bw-sample.jpg`, join(grey, 'b.jpg'));
    const empty = await mkdtemp(join(work, 'empty-'));
    for (const [args, words] of [
      [['--data', join(work, 'nowhere'), '--out', join(work, 'x')], /no such folder/],
      [['--data', empty, '--out', join(work, 'x')], /no \.jpg, \.jpeg or \.png photos/],
      [['--data', grey, '--out', join(work, 'x'), '--weights', await smallModel()], /no colour to learn from/],
      [['--data', PHOTOS, '--out', join(work, 'x'), '--weights', join(work, 'no-model')], /no model\.json/],
    ] as const) {
      const r = cli('finetune', [...args]);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(words);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
  });
});
