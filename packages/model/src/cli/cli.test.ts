import { spawnSync } from 'node:child_process';
import { copyFile, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../node/codecs.js';
import '../node/index.js';
import { createGenerator } from '../unet.js';
import { saveModel } from '../weights.js';
import { FIXTURES } from '../test-fixtures.js';

const PKG = fileURLToPath(new URL('../..', import.meta.url));
const PHOTOS = `${FIXTURES}photos/`;

/** The commands as a user runs them: plain Node on the built files (`npm test` builds first). */
function cli(script: string, args: string[]) {
  const r = spawnSync(process.execPath, ['bin/colorize.mjs', script, ...args], { cwd: PKG, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

let weights = '';
let work = '';
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'cli-'));
  weights = join(work, 'model');
  await saveModel({ generator: createGenerator({ ngf: 4, innermostNorm: false }, 1), metadata: { id: 'tiny', version: '0' } }, `file://${weights}`, { dtype: 'uint8' });
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
    const r = cli('finetune', ['--data', PHOTOS, '--out', out, '--weights', await smallModel(), '--steps', '3']);
    expect(r.err).not.toMatch(/^error:/m); // progress lines only
    expect(r.code).toBe(0);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    expect(report).toMatchObject({ steps: 3, recipe: { freezeStatistics: true } });
    expect(report.photos.heldOut).toBeGreaterThanOrEqual(1);
    expect(report.heldOut.after.psnr).toBeGreaterThanOrEqual(report.heldOut.before.psnr);
    expect(await readFile(join(out, 'report.md'), 'utf8')).toMatch(/\| PSNR .* \| \d+\.\d\d \| \d+\.\d\d \|/);
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
